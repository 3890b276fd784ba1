// Vluchtwijzer's only script besides htmx, and optional: every page works without it.
// 1. Registers the service worker that keeps visited pages readable offline (progressive enhancement).
// 2. Shows the "you are offline" banner when the service worker served a saved copy.
// 3. The "Print" button on the whole-kit page.
(function () {
  "use strict";
  var body = document.body;
  var copiedAt = body.getAttribute("data-offline-copy");
  var banner = document.getElementById("offline-banner");
  if (copiedAt && banner) {
    var date = new Date(copiedAt);
    var text = banner.getAttribute("data-text").replace("{date}", date.toLocaleString(document.documentElement.lang));
    banner.querySelector("p").textContent = text;
    banner.hidden = false;
  }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  if ("serviceWorker" in navigator && body.getAttribute("data-sw")) {
    navigator.serviceWorker.register(body.getAttribute("data-sw"), { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (registration.active) {
        registration.active.postMessage({ keep: [location.pathname + location.search, body.getAttribute("data-home")] });
      }
    }).catch(function () { /* offline reading is a bonus; the site works without it */ });
  }
})();
