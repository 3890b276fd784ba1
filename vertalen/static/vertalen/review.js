// Ctrl+Enter (or Cmd+Enter) approves the unit being reviewed: the form works without this too.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    var form = document.querySelector("[data-approve-form]");
    if (!form) return;
    event.preventDefault();
    form.requestSubmit(form.querySelector("button[value=approve]"));
  });
})();
