"use strict";
// Page -> application messages: one console line with a fixed prefix and a JSON body. The
// console pane listens to this page's console output and ignores every other line.
(function () {
  const PREFIX = "pvesphere:";
  // Which connection attempt this page belongs to: late news of an earlier one is ignored.
  const SESSION = new URLSearchParams(window.location.search).get("s") || "";

  window.pvesphereReport = function (event, details) {
    const message = Object.assign({ event: event, session: SESSION }, details || {});
    console.info(PREFIX + JSON.stringify(message));
  };

  // Close codes the relay sends (pvesphere_desktop/console/relay.py, CloseCode).
  window.pvesphereCloseCodes = Object.freeze({
    UPSTREAM_CLOSED: 4000,
    FAILED: 4001,
    ENDED: 4002,
  });
})();
