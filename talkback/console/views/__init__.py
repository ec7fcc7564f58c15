"""The console's pages, one module per surface. Every view checks the visitor's role on the site
first (talkback.console.views.gate): anonymous visitors are sent to sign in, others without the
role get 403."""
