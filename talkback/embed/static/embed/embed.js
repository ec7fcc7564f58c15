/* Talkback embed: <script src="https://TALKBACK/embed.js" data-site="SLUG"
   data-article-id="ID" data-article-url="URL" data-article-title="TITLE"></script>
   Puts the article's comment thread in an iframe after the script tag, sized to its content.
   The frame reports its height by postMessage; only messages from Talkback's origin and from
   this very frame are believed. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.dataset.site) return;
  var data = script.dataset;
  var talkback = new URL(script.src).origin;
  var query = new URLSearchParams({
    article_id: data.articleId || "",
    url: data.articleUrl || location.href.split("#")[0],
    title: data.articleTitle || document.title,
    origin: location.origin,
    lang: data.lang || document.documentElement.lang || ""
  });
  var frame = document.createElement("iframe");
  frame.src = talkback + "/embed/" + encodeURIComponent(data.site) + "/?" + query;
  frame.title = data.frameTitle || "Comments";
  frame.className = "talkback-frame";
  frame.setAttribute("sandbox",
    "allow-scripts allow-forms allow-same-origin allow-popups allow-popups-to-escape-sandbox");
  frame.style.cssText = "display:block;width:100%;height:480px;border:0;overflow:hidden";
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", function (event) {
    if (event.origin !== talkback || event.source !== frame.contentWindow) return;
    var message = event.data;
    if (message && message.type === "talkback:height" && message.height > 0) {
      frame.style.height = Math.min(Math.ceil(message.height), 100000) + "px";
    }
  });
})();
