// VM console page: noVNC's RFB client on a websocket to the local relay.
// The pane calls window.pvesphere.start({url, password, scale}) once the page reports "ready";
// the password never appears in a URL.
import RFB from "../web/node_modules/@novnc/novnc/core/rfb.js";

const screen = document.getElementById("screen");
const report = (event, details) => window.pvesphereReport(event, details);

let rfb = null;
let status = null;

function freshStatus() {
  return { phase: "idle", painted: false, updates: 0, name: "", close: null, typed: 0 };
}

function watchFrames(client) {
  // noVNC 1.7.0 (pinned) ends every framebuffer update with Display.flip(); count them so the
  // pane (and tests) know when the first picture is really on the canvas.
  const display = client._display;
  const flip = display.flip.bind(display);
  display.flip = (fromQueue) => {
    flip(fromQueue);
    status.updates += 1;
    if (status.updates === 1) {
      // Two animation frames later the canvas has been composited: safe to grab the view.
      requestAnimationFrame(() => requestAnimationFrame(() => {
        status.painted = true;
        report("painted", { width: client._fbWidth, height: client._fbHeight });
      }));
    }
  };
}

function start(options) {
  stop();
  status = freshStatus();
  status.phase = "connecting";
  const password = options.password || "";
  const socket = new WebSocket(options.url, ["binary"]);
  socket.binaryType = "arraybuffer";
  socket.addEventListener("open", () => report("socket_open"));
  socket.addEventListener("close", (event) => {
    status.close = { code: event.code, reason: event.reason };
    report("socket_closed", {
      code: event.code,
      reason: event.reason,
      wasConnected: status.phase === "connected",
    });
  });
  rfb = new RFB(screen, socket, { credentials: { password: password }, shared: true });
  rfb.scaleViewport = options.scale !== false;
  rfb.clipViewport = false;
  rfb.resizeSession = false;
  rfb.focusOnClick = true;
  rfb.background = "#101828";
  rfb.addEventListener("connect", () => {
    status.phase = "connected";
    report("connected");
    rfb.focus();
  });
  rfb.addEventListener("disconnect", (event) => {
    const wasConnected = status.phase === "connected";
    status.phase = "disconnected";
    report("disconnected", { clean: !!event.detail.clean, wasConnected: wasConnected });
  });
  rfb.addEventListener("credentialsrequired", () => {
    if (password) {
      rfb.sendCredentials({ password: password });
    } else {
      report("securityfailure", { status: -1, reason: "no password" });
    }
  });
  rfb.addEventListener("securityfailure", (event) => {
    status.phase = "failed";
    report("securityfailure", {
      status: event.detail.status,
      reason: event.detail.reason || "",
    });
  });
  rfb.addEventListener("desktopname", (event) => {
    status.name = event.detail.name;
    report("desktopname", { name: event.detail.name });
  });
  rfb.addEventListener("bell", () => report("bell"));
  watchFrames(rfb);
  report("connecting");
}

function stop() {
  if (rfb !== null) {
    try {
      rfb.disconnect();
    } catch (error) {
      report("error", { detail: String(error) });
    }
    rfb = null;
  }
}

function sendKeys(events) {
  // events: [[keysym, code, down], ...] in order (press modifiers first, release them last).
  if (rfb === null) return false;
  for (const [keysym, code, down] of events) {
    rfb.sendKey(keysym, code || null, !!down);
  }
  rfb.focus();
  return true;
}

function typeKeys(events, delayMs) {
  // Paced, so that guests polling their keyboard do not drop keys; reports when done.
  if (rfb === null) return false;
  const client = rfb;
  let index = 0;
  const step = () => {
    if (client !== rfb) return;  // stopped or restarted meanwhile
    const end = Math.min(index + 2, events.length);  // one key: press and release
    for (; index < end; index++) {
      const [keysym, code, down] = events[index];
      client.sendKey(keysym, code || null, !!down);
    }
    if (index < events.length) {
      setTimeout(step, delayMs);
    } else {
      status.typed += 1;
      report("typed", { count: events.length });
    }
  };
  step();
  return true;
}

function setScale(scale) {
  if (rfb === null) return;
  rfb.scaleViewport = !!scale;
}

function screenshot() {
  // The framebuffer at its native size, whatever the view's scaling.
  return rfb === null || !status.painted ? "" : rfb.toDataURL("image/png");
}

window.pvesphere = {
  start: start,
  stop: stop,
  sendKeys: sendKeys,
  typeKeys: typeKeys,
  setScale: setScale,
  screenshot: screenshot,
  focus: () => rfb !== null && rfb.focus(),
  state: () => (status === null ? { phase: "idle" } : status),
};
status = freshStatus();
report("ready", { kind: "vnc" });
