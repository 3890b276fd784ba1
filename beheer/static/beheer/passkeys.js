// After a passkey is made, show the page again (it lists the new passkey, or the recovery codes).
(function () {
  "use strict";
  var placeholder = document.getElementById("passkey-registration-placeholder");
  if (!placeholder) return;
  document.addEventListener("otp_webauthn.register_complete", function () {
    window.location.assign(placeholder.getAttribute("data-after-register"));
  });
})();
