// "Welke stappen nu?": ticks, print, copy link. Optional: without JavaScript the checklist works
// and prints, only the ticks are missing.
// The ticks live in this browser's localStorage only, under one key per situation and age group
// ("vluchtwijzer.stappen.<situation>/<age>"): they are never sent to the server and are not part
// of the shareable link.
(function () {
  "use strict";
  var PREFIX = "vluchtwijzer.stappen.";

  function storageKey(list) {
    return PREFIX + list.getAttribute("data-tick-scope");
  }

  function readTicks(list) {
    try {
      var stored = JSON.parse(window.localStorage.getItem(storageKey(list)) || "[]");
      return Array.isArray(stored) ? stored : [];
    } catch (error) {
      return []; // storage blocked or damaged: start without ticks
    }
  }

  function writeTicks(list, keys) {
    try {
      if (keys.length) {
        window.localStorage.setItem(storageKey(list), JSON.stringify(keys));
      } else {
        window.localStorage.removeItem(storageKey(list));
      }
    } catch (error) { /* private mode without storage: the ticks last until the page closes */ }
  }

  function boxes(list) {
    return Array.prototype.slice.call(list.querySelectorAll(".step__tick input[type=checkbox]"));
  }

  function mark(box) {
    var step = box.closest(".step");
    if (step) { step.classList.toggle("step--ticked", box.checked); }
  }

  function setUp() {
    document.querySelectorAll("[data-tick-scope]").forEach(function (list) {
      var ticked = readTicks(list);
      boxes(list).forEach(function (box) {
        box.checked = ticked.indexOf(box.value) !== -1;
        box.closest(".step__tick").hidden = false;
        mark(box);
      });
    });
    document.querySelectorAll("[data-ticks-note], [data-checklist-print], [data-checklist-copy]").forEach(function (element) {
      element.hidden = false;
    });
    var count = document.querySelector("[data-status]");
    var status = document.getElementById("checklist-status");
    if (status) { status.textContent = count ? count.textContent : ""; }
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches(".step__tick input[type=checkbox]")) { return; }
    var list = box.closest("[data-tick-scope]");
    writeTicks(list, boxes(list).filter(function (b) { return b.checked; }).map(function (b) { return b.value; }));
    mark(box);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button");
    if (!button) { return; }
    if (button.hasAttribute("data-checklist-print")) {
      window.print();
    } else if (button.hasAttribute("data-checklist-clear")) {
      document.querySelectorAll("[data-tick-scope]").forEach(function (list) {
        writeTicks(list, []);
        boxes(list).forEach(function (box) { box.checked = false; mark(box); });
      });
    } else if (button.hasAttribute("data-checklist-copy")) {
      var field = document.getElementById("share-link");
      var done = function () { button.textContent = button.getAttribute("data-done-text"); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
      } else {
        field.select(); // the reader copies it themselves
      }
    }
  });

  // Leave empty answers out of the address (and so out of the link to share), as the server does.
  document.body.addEventListener("htmx:configRequest", function (event) {
    var data = event.detail.formData;
    if (!data || event.detail.elt.id !== "checklist-form") { return; }
    Array.from(data.keys()).forEach(function (name) {
      if (data.getAll(name).every(function (value) { return value === ""; })) { data.delete(name); }
    });
  });

  setUp();
  // htmx replaced the checklist after a change in the form: show its ticks again.
  document.body.addEventListener("htmx:afterSettle", setUp);
})();
