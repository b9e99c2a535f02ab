// Lantern's website chat widget: one <script> tag over Rasa's socket.io channel.
//
// Configure it before the script tag:
//   window.LanternWidget = { socketUrl: "https://assistant.example.org", clinicName: "...",
//                            clinicPhone: "(833) 867-2329" };
// See docs/widget.md for every option and for why the widget is built this way.
//
// Safety rules this file keeps:
// - Nothing a person or the assistant writes is ever parsed as HTML: every node is built with
//   createElement and every text goes in through textContent (no innerHTML anywhere).
// - Links are made only for http, https, tel and mailto addresses.
// - A crisis reply is recognised by the crisis responses' custom payload ({lantern: "crisis"}),
//   never by matching the reply's text.
// - If the assistant cannot be reached, the widget shows the emergency numbers itself.

import { io } from "socket.io-client";

import { STYLES } from "./styles.js";

const DEFAULTS = {
  socketUrl: "",
  socketPath: "/socket.io/",
  clinicName: "our clinic",
  clinicPhone: "",
  title: "",
  // How long to wait for an answer before showing the emergency numbers (the issue's 8 s).
  answerTimeoutMs: 8000,
  storageKey: "lantern-widget",
  emergencyNumber: "911",
  crisisLine: "988",
};

const SAFE_PROTOCOLS = new Set(["http:", "https:", "tel:", "mailto:"]);
// URLs, markdown links and North American phone numbers inside a reply become links.
const LINK_PATTERN =
  /\[([^\]\n]{1,200})\]\(([^)\s]{1,2000})\)|\b(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])|((?:\b1[-. ])?(?:\(\d{3}\)\s?|\b\d{3}[-. ])\d{3}[-. ]\d{4}\b)/g;

/** A random, unguessable session id: 128 bits from the browser's CSPRNG, as hex. */
export function newSessionId() {
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The href for a link the widget may create, or null when the address is not allowed. */
export function safeHref(address) {
  let url;
  try {
    url = new URL(address, window.location.href);
  } catch (_error) {
    return null;
  }
  return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
}

/** tel: address for a phone number as people write it: "(833) 867-2329" -> "tel:+18338672329". */
export function telHref(number) {
  const digits = String(number).replace(/\D/g, "");
  if (digits.length === 10) return `tel:+1${digits}`;
  if (digits.length === 11 && digits.startsWith("1")) return `tel:+${digits}`;
  return `tel:${digits}`;
}

function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = String(value);
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child) node.append(child);
  }
  return node;
}

function link(href, label) {
  const safe = safeHref(href);
  if (!safe) return document.createTextNode(label);
  const anchor = el("a", { href: safe, text: label });
  if (safe.startsWith("http")) {
    anchor.target = "_blank";
    anchor.rel = "noopener noreferrer";
  }
  return anchor;
}

/** The message's text as text nodes and safe links (never HTML). */
export function renderText(text) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(LINK_PATTERN)) {
    if (match.index > last) fragment.append(text.slice(last, match.index));
    const [whole, label, target, bare, phone] = match;
    if (label !== undefined) fragment.append(link(target, label));
    else if (bare !== undefined) fragment.append(link(bare, bare));
    else if (phone !== undefined) fragment.append(link(telHref(phone), phone));
    else fragment.append(whole);
    last = match.index + whole.length;
  }
  if (last < text.length) fragment.append(text.slice(last));
  return fragment;
}

/** True for the crisis responses' marker: `custom: {data: {lantern: crisis}}` in the domain. */
export function isCrisisMarker(message) {
  if (!message || typeof message !== "object") return false;
  // Rasa 3.6's socket.io output emits the custom payload's `data` as the event's data; accept
  // the wrapped form too, in case a later Rasa passes the payload through whole.
  return message.lantern === "crisis" || (message.data && message.data.lantern === "crisis");
}

class Store {
  constructor(key) {
    this.key = key;
  }

  load() {
    try {
      const saved = JSON.parse(window.sessionStorage.getItem(this.key) || "null");
      if (saved && typeof saved.sessionId === "string" && Array.isArray(saved.history)) {
        return saved;
      }
    } catch (_error) {
      // Unreadable or blocked storage: start a fresh conversation.
    }
    return null;
  }

  save(state) {
    try {
      window.sessionStorage.setItem(this.key, JSON.stringify(state));
    } catch (_error) {
      // Storage full or blocked: the conversation still works, it just won't survive a reload.
    }
  }

  clear() {
    try {
      window.sessionStorage.removeItem(this.key);
    } catch (_error) {
      // Nothing to clear.
    }
  }
}

class LanternChat {
  constructor(config) {
    this.config = { ...DEFAULTS, ...config };
    this.store = new Store(this.config.storageKey);
    const saved = this.store.load();
    this.state = saved || this.freshState();
    this.socket = null;
    this.confirmed = false;
    this.outbox = [];
    this.answerTimer = null;
    this.build();
    this.renderHistory();
    if (this.state.open) this.open({ focus: false });
  }

  freshState() {
    return { sessionId: newSessionId(), history: [], open: false, crisis: false };
  }

  persist() {
    this.store.save(this.state);
  }

  // ---- building the interface --------------------------------------------------------------

  build() {
    const c = this.config;
    const name = c.clinicName;
    this.host = el("div", { id: "lantern-widget", "data-lantern-widget": "" });
    const root = this.host.attachShadow({ mode: "open" });
    this.root = root;
    this.applyStyles(root);

    this.launcher = el("button", {
      type: "button",
      className: "launcher",
      "aria-expanded": "false",
      "aria-controls": "lantern-panel",
      text: "Chat with us",
    });
    this.launcher.addEventListener("click", () => (this.isOpen() ? this.close() : this.open()));

    const title = el("h2", { id: "lantern-title", className: "title", text: c.title || name });
    const notice = el("p", {
      className: "notice",
      text: `Automated assistant, not a person and not for emergencies. In an emergency call ${c.emergencyNumber}.`,
    });
    const call = c.clinicPhone
      ? el("a", {
          className: "call",
          href: telHref(c.clinicPhone),
          "aria-label": `Call ${name} at ${c.clinicPhone}`,
          text: `Call ${c.clinicPhone}`,
        })
      : null;
    const endButton = el("button", {
      type: "button",
      className: "secondary end",
      text: "End conversation",
    });
    endButton.addEventListener("click", () => this.endConversation());
    const closeButton = el("button", {
      type: "button",
      className: "secondary close",
      "aria-label": "Close the chat",
      text: "Close",
    });
    closeButton.addEventListener("click", () => this.close());
    this.status = el("p", { className: "status", role: "status", text: "" });

    const header = el("div", { className: "header" }, [
      el("div", { className: "heading" }, [title, call]),
      notice,
      el("div", { className: "tools" }, [this.status, endButton, closeButton]),
    ]);

    this.crisisBanner = this.buildCrisisBanner();
    this.fallback = this.buildFallback();

    this.log = el("div", {
      className: "log",
      role: "log",
      "aria-live": "polite",
      "aria-relevant": "additions",
      "aria-label": "Conversation",
      tabindex: "0",
    });
    this.typing = el("p", { className: "typing", hidden: true }, [
      el("span", { className: "dots", "aria-hidden": "true", text: "•••" }),
      el("span", { text: ` ${name} is answering…` }),
    ]);

    this.input = el("textarea", {
      id: "lantern-input",
      className: "input",
      rows: "1",
      maxlength: "1000",
      autocomplete: "off",
      placeholder: "Type your message",
    });
    const label = el("label", { for: "lantern-input", className: "visually-hidden", text: "Your message" });
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    const send = el("button", { type: "submit", className: "send", text: "Send" });
    const form = el("form", { className: "composer" }, [label, this.input, send]);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });

    this.panel = el(
      "section",
      {
        id: "lantern-panel",
        className: "panel",
        role: "dialog",
        "aria-modal": "false",
        "aria-labelledby": "lantern-title",
        hidden: true,
      },
      [header, this.crisisBanner, this.fallback, this.log, this.typing, form],
    );
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        this.close();
      }
    });

    root.append(this.panel, this.launcher);
    document.body.append(this.host);
    if (this.state.crisis) this.crisisBanner.hidden = false;
  }

  applyStyles(root) {
    // A constructed style sheet is not inline style, so a page's CSP need not allow
    // 'unsafe-inline' for the widget; older browsers get a <style> element.
    if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function") {
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(STYLES);
        root.adoptedStyleSheets = [sheet];
        return;
      } catch (_error) {
        // Fall through to the <style> element.
      }
    }
    root.append(el("style", { text: STYLES }));
  }

  numbersList(includeClinic) {
    const c = this.config;
    const items = [
      [`Emergency: call ${c.emergencyNumber}`, telHref(c.emergencyNumber)],
      [`Suicide & Crisis Lifeline: call or text ${c.crisisLine}`, telHref(c.crisisLine)],
    ];
    if (includeClinic && c.clinicPhone) {
      items.push([`${c.clinicName}: ${c.clinicPhone}`, telHref(c.clinicPhone)]);
    }
    return el(
      "ul",
      { className: "numbers" },
      items.map(([label, href]) => el("li", {}, [el("a", { href, text: label })])),
    );
  }

  buildCrisisBanner() {
    const close = el("button", {
      type: "button",
      className: "banner-close",
      "aria-label": "Close the emergency numbers",
      text: "×",
    });
    close.addEventListener("click", () => {
      this.state.crisis = false;
      this.crisisBanner.hidden = true;
      this.persist();
      this.input.focus();
    });
    return el("div", { className: "banner crisis", role: "alert", hidden: true }, [
      el("div", { className: "banner-head" }, [
        el("p", { className: "banner-title", text: "You can talk to someone right now" }),
        close,
      ]),
      this.numbersList(true),
    ]);
  }

  buildFallback() {
    this.fallbackReason = el("p", { className: "banner-title", text: "" });
    return el("div", { className: "banner fallback", role: "alert", hidden: true }, [
      this.fallbackReason,
      el("p", { text: "If you need help now:" }),
      this.numbersList(true),
    ]);
  }

  // ---- the conversation ----------------------------------------------------------------------

  isOpen() {
    return !this.panel.hidden;
  }

  open({ focus = true } = {}) {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.launcher.textContent = "Close chat";
    this.state.open = true;
    this.persist();
    this.connect();
    this.scrollToEnd();
    if (focus) this.input.focus();
  }

  close() {
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.textContent = "Chat with us";
    this.state.open = false;
    this.persist();
    this.launcher.focus();
  }

  setStatus(text, kind) {
    this.status.textContent = text;
    this.status.dataset.state = kind;
  }

  connect() {
    if (this.socket) return;
    const c = this.config;
    this.setStatus("Connecting…", "connecting");
    // WebSocket only: no long-polling requests across origins, and one connection to watch.
    this.socket = io(c.socketUrl || undefined, {
      path: c.socketPath,
      transports: ["websocket"],
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
      timeout: 8000,
    });
    this.socket.on("connect", () => {
      this.confirmed = false;
      // Rasa's session persistence: the same session id after a reload or a reconnect keeps
      // the conversation (RasaHQ/rasa#3023).
      this.socket.emit("session_request", { session_id: this.state.sessionId });
    });
    this.socket.on("session_confirm", (sessionId) => {
      // The server may replace an id it does not accept (channels/socketio.py): use its choice.
      if (typeof sessionId === "string" && sessionId && sessionId !== this.state.sessionId) {
        this.state.sessionId = sessionId;
        this.persist();
      }
      this.confirmed = true;
      this.setStatus("Connected", "connected");
      const pending = this.outbox.splice(0);
      for (const message of pending) this.emit(message);
    });
    this.socket.on("bot_uttered", (message) => this.receive(message));
    this.socket.on("disconnect", () => {
      this.confirmed = false;
      this.setStatus("Connection lost. Reconnecting…", "reconnecting");
    });
    this.socket.on("connect_error", () => {
      this.confirmed = false;
      this.setStatus("Can't reach the assistant. Retrying…", "offline");
      this.showFallback("The assistant can't be reached right now.");
    });
  }

  emit(message) {
    this.socket.emit("user_uttered", { message, session_id: this.state.sessionId });
  }

  submit() {
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = "";
    this.send(text, text);
  }

  send(message, shown) {
    this.addMessage({ from: "user", text: shown });
    this.clearQuickReplies();
    if (this.socket && this.socket.connected && this.confirmed) this.emit(message);
    else this.outbox.push(message);
    this.typing.hidden = false;
    this.startAnswerTimer();
    this.scrollToEnd();
  }

  startAnswerTimer() {
    window.clearTimeout(this.answerTimer);
    this.answerTimer = window.setTimeout(() => {
      this.typing.hidden = true;
      this.showFallback("The assistant hasn't answered.");
    }, this.config.answerTimeoutMs);
  }

  showFallback(reason) {
    this.fallbackReason.textContent = reason;
    this.fallback.hidden = false;
  }

  receive(message) {
    window.clearTimeout(this.answerTimer);
    this.typing.hidden = true;
    this.fallback.hidden = true;
    if (isCrisisMarker(message)) {
      this.state.crisis = true;
      this.crisisBanner.hidden = false;
      this.persist();
      return;
    }
    if (!message || typeof message !== "object") return;
    const quickReplies = Array.isArray(message.quick_replies)
      ? message.quick_replies
          .filter((reply) => reply && typeof reply.title === "string")
          .map((reply) => ({ title: reply.title, payload: String(reply.payload ?? reply.title) }))
      : [];
    if (typeof message.text === "string" && message.text) {
      this.addMessage({ from: "bot", text: message.text, quickReplies });
    }
  }

  addMessage(entry) {
    this.state.history.push(entry);
    this.persist();
    this.log.append(this.renderMessage(entry, this.state.history.length - 1));
    this.scrollToEnd();
  }

  renderMessage(entry, index) {
    const who = entry.from === "user" ? "You" : this.config.clinicName;
    const bubble = el("div", { className: `message ${entry.from === "user" ? "user" : "bot"}` }, [
      el("span", { className: "visually-hidden", text: `${who}: ` }),
      el("p", { className: "text" }, [
        entry.from === "bot" ? renderText(entry.text) : document.createTextNode(entry.text),
      ]),
    ]);
    const isLast = index === this.state.history.length - 1;
    if (entry.quickReplies && entry.quickReplies.length && isLast) {
      const group = el("div", { className: "quick-replies", role: "group", "aria-label": "Suggestions" });
      for (const reply of entry.quickReplies) {
        const button = el("button", { type: "button", className: "quick-reply", text: reply.title });
        button.addEventListener("click", () => this.send(reply.payload, reply.title));
        group.append(button);
      }
      bubble.append(group);
    }
    return bubble;
  }

  clearQuickReplies() {
    for (const group of this.log.querySelectorAll(".quick-replies")) group.remove();
    for (const entry of this.state.history) delete entry.quickReplies;
    this.persist();
  }

  renderHistory() {
    this.log.replaceChildren();
    this.state.history.forEach((entry, index) => this.log.append(this.renderMessage(entry, index)));
  }

  scrollToEnd() {
    this.log.scrollTop = this.log.scrollHeight;
  }

  endConversation() {
    window.clearTimeout(this.answerTimer);
    this.store.clear();
    this.state = this.freshState();
    this.state.open = true;
    this.persist();
    this.outbox = [];
    this.renderHistory();
    this.crisisBanner.hidden = true;
    this.fallback.hidden = true;
    this.typing.hidden = true;
    // A new socket for the new session, so nothing of the old one reaches this page.
    if (this.socket) {
      this.socket.removeAllListeners();
      this.socket.disconnect();
      this.socket = null;
    }
    this.connect();
    this.setStatus("Conversation ended. You can start a new one.", "connected");
    this.input.focus();
  }
}

function start() {
  if (window.__lanternWidget) return;
  window.__lanternWidget = new LanternChat(window.LanternWidget || {});
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
