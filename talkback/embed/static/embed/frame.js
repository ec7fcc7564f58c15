/* Inside the embedded thread: tell the host page (and only the origin the site allows, named on
   <html data-host-origin>) how tall the content is, whenever that changes. */
(function () {
  "use strict";
  var host = document.documentElement.getAttribute("data-host-origin");
  if (!host || window.parent === window) return;
  var last = 0;
  function report() {
    // offsetHeight is the content's own height; scrollHeight never goes below the frame's.
    var height = document.documentElement.offsetHeight;
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "talkback:height", height: height }, host);
    }
  }
  new ResizeObserver(report).observe(document.documentElement);
  window.addEventListener("load", report);
  report();
})();
