"use strict";
// Terminal page: xterm.js speaking PVE's termproxy protocol through the local relay.
//   client -> server: "<user>:<ticket>\n" once, then "0:<utf-8 length>:<data>", "1:<cols>:<rows>:",
//   and "2" as a keep-alive; server -> client: "OK", then raw terminal output.
// The pane calls window.pvesphere.start({url, user, ticket}) once the page reports "ready".
(function () {
  const report = (event, details) => window.pvesphereReport(event, details);
  const encoder = new TextEncoder();
  const PING_MS = 30000;
  const CHUNK = 4096;  // pveproxy refuses client frames above 128 KiB; stay far below

  const term = new window.Terminal({
    cursorBlink: true,
    scrollback: 5000,
    fontFamily: "'DejaVu Sans Mono', 'Noto Sans Mono', monospace",
    fontSize: 14,
    theme: { background: "#000000" },
  });
  const fit = new window.FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(document.getElementById("screen"));
  fit.fit();

  let socket = null;
  let ping = null;
  let status = freshStatus();

  function freshStatus() {
    return { phase: "idle", loggedIn: false, received: 0, close: null };
  }

  function send(text) {
    if (socket !== null && socket.readyState === WebSocket.OPEN) socket.send(text);
  }

  function sendData(data) {
    // Split on character boundaries into frames of at most CHUNK UTF-8 bytes.
    let start = 0;
    while (start < data.length) {
      let end = Math.min(data.length, start + CHUNK / 4);
      const last = data.charCodeAt(end - 1);
      if (end < data.length && last >= 0xd800 && last <= 0xdbff) end -= 1;  // keep pairs whole
      const piece = data.slice(start, end);
      send("0:" + encoder.encode(piece).length + ":" + piece);
      start = end;
    }
  }

  function sendSize() {
    if (status.loggedIn) send("1:" + term.cols + ":" + term.rows + ":");
  }

  function start(options) {
    stop();
    status = freshStatus();
    status.phase = "connecting";
    term.reset();
    socket = new WebSocket(options.url, ["binary"]);
    socket.binaryType = "arraybuffer";
    let pending = new Uint8Array(0);
    socket.addEventListener("open", () => {
      report("socket_open");
      socket.send(options.user + ":" + options.ticket + "\n");
      status.phase = "authenticating";
    });
    socket.addEventListener("message", (event) => {
      let data = typeof event.data === "string" ? encoder.encode(event.data)
                                                : new Uint8Array(event.data);
      status.received += data.length;
      if (!status.loggedIn) {
        // The server answers "OK" and may send output right after it in the same frame.
        const joined = new Uint8Array(pending.length + data.length);
        joined.set(pending);
        joined.set(data, pending.length);
        if (joined.length < 2) {
          pending = joined;
          return;
        }
        if (joined[0] !== 0x4f || joined[1] !== 0x4b) {
          report("login_failed");
          status.phase = "failed";
          socket.close();
          return;
        }
        status.loggedIn = true;
        status.phase = "connected";
        data = joined.subarray(2);
        report("connected");
        sendSize();
        ping = setInterval(() => send("2"), PING_MS);
        term.focus();
      }
      if (data.length > 0) term.write(data);
    });
    socket.addEventListener("close", (event) => {
      clearInterval(ping);
      ping = null;
      status.close = { code: event.code, reason: event.reason };
      const wasConnected = status.loggedIn;
      status.phase = "disconnected";
      report("socket_closed", {
        code: event.code,
        reason: event.reason,
        wasConnected: wasConnected,
      });
    });
    report("connecting");
  }

  function stop() {
    clearInterval(ping);
    ping = null;
    if (socket !== null) {
      socket.close();
      socket = null;
    }
  }

  function text() {
    // The visible screen plus scrollback, as plain text (trailing blanks trimmed).
    const buffer = term.buffer.active;
    const lines = [];
    for (let i = 0; i < buffer.length; i++) {
      lines.push(buffer.getLine(i).translateToString(true));
    }
    while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    return lines.join("\n");
  }

  term.onData((data) => {
    if (status.loggedIn) sendData(data);
  });
  term.onResize(() => sendSize());
  new ResizeObserver(() => fit.fit()).observe(document.getElementById("screen"));

  window.pvesphere = {
    start: start,
    stop: stop,
    typeText: (data) => {
      if (!status.loggedIn) return false;
      sendData(data);
      return true;
    },
    setFontSize: (size) => {
      term.options.fontSize = size;
      fit.fit();
    },
    focus: () => term.focus(),
    text: text,
    size: () => ({ cols: term.cols, rows: term.rows }),
    state: () => status,
  };
  report("ready", { kind: "term" });
})();
