// The sandbox's live view: one phone per chat, as the customer sees it.
// State comes whole from the server (/_waack/events, or /_waack/chats when
// the stream is down) and is redrawn from scratch; every text is set with
// textContent, never parsed as HTML.
"use strict";

(() => {
  const providerNames = { cloudapi: "Cloud API", "1msg": "1MSG", wawp: "Wawp" };
  const pollEvery = 2000; // ms, only while the event stream is down

  let state = null;
  let selected = "all"; // "all" or a chat key
  const phones = new Map(); // chat key → {root, head, screen, foot}

  const chatKey = (c) => c.provider + ":" + c.customer;
  const providerName = (p) => providerNames[p] || p;
  const phone = (digits) => "+" + digits;
  const hhmm = (iso) => (iso || "").slice(11, 16); // the sandbox's wall clock
  const day = (iso) => (iso || "").slice(0, 10);
  const short = (s, n) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

  // el builds an element: props set attributes (false/null/undefined skip
  // one), "class" the class, "text" the text content.
  function el(tag, props, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const kid of kids) if (kid) e.append(kid);
    return e;
  }

  function duration(ms) {
    const min = Math.max(0, Math.floor(ms / 60000));
    const h = Math.floor(min / 60);
    return h > 0 ? h + "h " + (min % 60) + "m" : min + "m";
  }

  // ticks is a bubble's status: grey ✓ sent, grey ✓✓ delivered, blue ✓✓
  // read, red ! with the error code when failed. A customer bubble shows
  // blue ✓✓ once the business marked it read.
  function ticks(m) {
    if (m.from === "customer") {
      if (!m.read) return el("span", { class: "ticks delivered", title: "not read by the business yet", text: "✓✓" });
      return el("span", { class: "ticks read", title: "read by the business", "data-state": "read" },
        el("span", { class: "note", text: "read" }), "✓✓");
    }
    switch (m.status) {
      case "sent": return el("span", { class: "ticks sent", title: "sent", "data-state": "sent", text: "✓" });
      case "delivered": return el("span", { class: "ticks delivered", title: "delivered", "data-state": "delivered", text: "✓✓" });
      case "read": return el("span", { class: "ticks read", title: "read by the customer", "data-state": "read", text: "✓✓" });
      case "failed": return el("span", {
        class: "ticks failed", title: "failed" + (m.errorCode ? " with error " + m.errorCode : ""), "data-state": "failed",
        text: "! " + (m.errorCode || ""),
      });
      default: return null;
    }
  }

  function meta(m) {
    return el("span", { class: "meta" }, el("span", { class: "time", text: hhmm(m.time) }), ticks(m));
  }

  function reactions(m) {
    if (!m.reactions || m.reactions.length === 0) return null;
    return el("div", { class: "reactions" }, ...m.reactions.map((r) =>
      el("span", { class: "reaction", "data-by": r.by, title: r.by + " reacted " + r.emoji },
        el("span", { class: "emoji", text: r.emoji }), el("span", { class: "who", text: r.by }))));
  }

  function quote(m, byId) {
    if (!m.ref) return null;
    const q = byId.get(m.ref);
    return el("div", { class: "quote" + (q && q.from === "business" ? " of-business" : "") },
      el("span", { class: "quote-who", text: q ? (q.from === "business" ? "Business" : "You") : "" }),
      el("span", { class: "quote-text", text: q ? short(q.text, 80) : "a message" }));
  }

  function bubble(m, byId) {
    // The customer's phone: their own messages go out (right, green),
    // the business's come in (left, white).
    const side = m.from === "business" ? "in" : "out";
    const b = el("div", {
      class: "bubble " + side + (m.status === "failed" ? " failed" : ""),
      "data-message-id": m.id, "data-from": m.from, "data-status": m.status || null, "data-read": m.read ? "true" : null,
    }, quote(m, byId), el("span", { class: "text", text: m.text }), meta(m), reactions(m));
    return el("div", { class: "row " + side + (m.reactions ? " reacted" : "") }, b);
  }

  // failedReaction shows a business reaction that never reached its
  // target (131009); the others show on their target instead.
  function failedReaction(m, byId) {
    const target = byId.get(m.ref);
    const what = (m.text ? "Reaction " + m.text : "Reaction removal") +
      (target && target.type === "text" ? " on “" + short(target.text, 40) + "”" : " on a message this chat does not have");
    return el("div", { class: "row in" }, el("div", {
      class: "bubble in failed reaction-msg", "data-message-id": m.id, "data-from": "business", "data-status": "failed",
    }, el("span", { class: "text", text: what }), meta(m)));
  }

  function typingRow() {
    return el("div", { class: "row in" }, el("div", { class: "bubble in typing", "data-typing": "true", title: "the business's typing indicator" },
      el("span", { class: "dots" }, el("i"), el("i"), el("i")), el("span", { class: "text", text: "typing…" })));
  }

  function drawScreen(screen, c) {
    const byId = new Map(c.messages.map((m) => [m.id, m]));
    const rows = [];
    let lastDay = "";
    for (const m of c.messages) {
      if (m.type === "reaction") {
        if (m.from === "business" && m.status === "failed") rows.push(failedReaction(m, byId));
        continue;
      }
      if (day(m.time) !== lastDay) {
        lastDay = day(m.time);
        rows.push(el("div", { class: "day" }, el("span", { text: lastDay })));
      }
      rows.push(bubble(m, byId));
    }
    if (c.typing) rows.push(typingRow());
    screen.replaceChildren(...rows);
  }

  function drawHead(head, c) {
    head.replaceChildren(
      el("div", { class: "status-bar" },
        el("span", { text: hhmm(state.now) }),
        el("span", { class: "owner", text: phone(c.customer) + " · " + providerName(c.provider) })),
      el("div", { class: "chat-head" },
        el("div", { class: "avatar", text: "B" }),
        el("div", { class: "who" },
          el("div", { class: "name", text: "Business " + phone(state.business) }),
          c.typing ? el("div", { class: "sub typing-note", "data-typing": "true", text: "typing…" })
            : el("div", { class: "sub", text: "via " + providerName(c.provider) + " · chat " + c.chatId }))));
  }

  function drawFoot(foot, c) {
    let text, cls;
    if (c.windowOpen) {
      text = "24h window open · " + duration(Date.parse(c.windowOpenUntil) - Date.parse(state.now)) + " left";
      cls = "open";
    } else if (c.windowOpenUntil) {
      text = "24h window closed · texts fail (131047)";
      cls = "closed";
    } else {
      text = "The customer has not written yet";
      cls = "closed";
    }
    foot.replaceChildren(el("div", { class: "window " + cls, "data-window": cls, text }));
  }

  function phoneFor(c) {
    const key = chatKey(c);
    let p = phones.get(key);
    if (!p) {
      p = { head: el("header"), screen: el("div", { class: "screen" }), foot: el("footer") };
      p.root = el("section", { class: "phone", "data-chat": key, "data-provider": c.provider, "data-customer": c.customer },
        el("div", { class: "glass" }, p.head, p.screen, p.foot));
      phones.set(key, p);
    }
    return p;
  }

  function drawPhones() {
    const main = document.getElementById("phones");
    const seen = new Set();
    const order = [];
    for (const c of state.chats) {
      const p = phoneFor(c);
      const s = p.screen;
      const atBottom = s.scrollHeight === 0 || s.scrollTop + s.clientHeight >= s.scrollHeight - 24;
      const top = s.scrollTop;
      drawHead(p.head, c);
      drawScreen(s, c);
      drawFoot(p.foot, c);
      p.root.hidden = selected !== "all" && selected !== chatKey(c);
      order.push(p.root);
      seen.add(chatKey(c));
      requestAnimationFrame(() => { s.scrollTop = atBottom ? s.scrollHeight : top; });
    }
    for (const key of [...phones.keys()]) if (!seen.has(key)) phones.delete(key);
    const empty = document.getElementById("empty");
    empty.hidden = state.chats.length > 0;
    const want = [empty, ...order];
    // Moving a phone would reset its scroll: only reorder when needed.
    if (main.children.length !== want.length || want.some((n, i) => main.children[i] !== n)) main.replaceChildren(...want);
  }

  function drawTabs() {
    const tabs = document.getElementById("tabs");
    const keys = state.chats.map(chatKey);
    if (selected !== "all" && !keys.includes(selected)) selected = "all";
    const tab = (key, label, count) => {
      const b = el("button", { type: "button", class: "tab", "data-chat": key, "aria-pressed": selected === key ? "true" : "false" },
        el("span", { text: label }), count === undefined ? null : el("span", { class: "count", text: String(count) }));
      b.addEventListener("click", () => { selected = key; draw(); });
      return b;
    };
    tabs.replaceChildren(tab("all", "All chats", state.chats.length),
      ...state.chats.map((c) => tab(chatKey(c), providerName(c.provider) + " · " + phone(c.customer))));
  }

  function draw() {
    if (!state) return;
    document.getElementById("clock").textContent = "sandbox clock " + state.now.slice(0, 19).replace("T", " ");
    drawTabs();
    drawPhones();
  }

  function apply(next) {
    state = next;
    draw();
  }

  function setConn(s, text) {
    const c = document.getElementById("conn");
    c.dataset.state = s;
    c.textContent = text;
  }

  // Live updates: the event stream, with polling while it is down (or
  // when the browser has no EventSource).
  let pollTimer = null;
  async function poll() {
    try {
      const r = await fetch("/_waack/chats", { cache: "no-store" });
      if (r.ok) apply(await r.json());
    } catch (_) {
      setConn("down", "sandbox unreachable");
    }
  }
  function startPolling() {
    if (pollTimer === null) pollTimer = setInterval(poll, pollEvery);
  }
  function stopPolling() {
    if (pollTimer !== null) clearInterval(pollTimer);
    pollTimer = null;
  }

  function connect() {
    poll();
    if (!window.EventSource) {
      setConn("polling", "polling");
      startPolling();
      return;
    }
    const es = new EventSource("/_waack/events");
    es.addEventListener("open", () => { setConn("live", "live"); stopPolling(); });
    es.addEventListener("chats", (e) => apply(JSON.parse(e.data)));
    es.addEventListener("error", () => { setConn("reconnecting", "reconnecting…"); startPolling(); });
  }

  connect();
})();
