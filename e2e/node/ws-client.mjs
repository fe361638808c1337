// A WebSocket client (npm's `ws`) that a test drives through its standard streams, one JSON object per line.
//
//   node ws-client.mjs <url> [header=value ...]
//
// stdout reports what happens: {"event":"open"}, {"event":"message","data":"..."},
// {"event":"refused","status":403} (the upgrade was answered without switching protocols),
// {"event":"close","code":1000,"reason":"..."}, {"event":"error","message":"..."}.
// stdin takes commands: {"op":"send","data":"..."} and {"op":"close","code":1000,"reason":"bye"}.
// The process exits once the socket is closed (or refused).
import { createInterface } from "node:readline";
import WebSocket from "ws";

const [url, ...headerArgs] = process.argv.slice(2);
const headers = Object.fromEntries(headerArgs.map((h) => [h.slice(0, h.indexOf("=")), h.slice(h.indexOf("=") + 1)]));
const report = (event) => process.stdout.write(JSON.stringify(event) + "\n");

const socket = new WebSocket(url, { headers });
socket.on("open", () => report({ event: "open" }));
socket.on("message", (data, isBinary) => report({ event: "message", data: data.toString("utf8"), binary: isBinary }));
socket.on("unexpected-response", (req, res) => {
  let body = "";
  res.on("data", (chunk) => (body += chunk));
  res.on("end", () => {
    report({ event: "refused", status: res.statusCode, body });
    process.exit(0);
  });
});
socket.on("close", (code, reason) => {
  report({ event: "close", code, reason: reason.toString("utf8") });
  process.exit(0);
});
socket.on("error", (err) => report({ event: "error", message: err.message }));

createInterface({ input: process.stdin }).on("line", (line) => {
  if (!line.trim()) return;
  const command = JSON.parse(line);
  if (command.op === "send") socket.send(command.data);
  else if (command.op === "close") socket.close(command.code ?? 1000, command.reason ?? "");
});
