// The sandbox's live view: one phone per chat, as the customer sees it,
// with controls to play that customer (write, react, read).
// State comes whole from the server (/_waack/events, or /_waack/chats when
// the stream is down) and is redrawn; every text is set with textContent,
// never parsed as HTML.
"use strict";

(() => {
  const providerNames = { cloudapi: "Cloud API", "1msg": "1MSG", wawp: "Wawp" };
  const pollEvery = 2000; // ms, only while the event stream is down
  const emojis = ["👍", "❤️", "😂", "😮", "😢", "🙏"]; // WhatsApp's quick reactions

  let state = null;
  let selected = "all"; // "all" or a chat key
  const phones = new Map(); // chat key → the phone's elements, see phoneFor
  // picker is the business message whose reaction row is open, if any.
  let picker = null; // {key, id}
  // focusAfter is the id of a message the New chat form just sent: once it
  // shows, its phone's composer gets the focus.
  let focusAfter = null;

  const chatKey = (c) => c.key || c.provider + ":" + c.customer;
  const providerName = (p) => providerNames[p] || p;
  const phone = (digits) => "+" + digits;
  // who is how the customer shows: their phone, or for a customer known
  // only by a business-scoped user id their username (else that id).
  const who = (c) => (c.userId ? (c.username ? "@" + c.username : c.userId) : phone(c.customer));
  // from is what the customer controls send as the customer's address.
  const from = (c) => (c.userId ? c.userId : phone(c.customer));
  const hhmm = (iso) => (iso || "").slice(11, 16); // the sandbox's wall clock
  const day = (iso) => (iso || "").slice(0, 10);
  const short = (s, n) => (s.length > n ? s.slice(0, n - 1) + "…" : s);
  const chatOf = (key) => (state ? state.chats.find((c) => chatKey(c) === key) : undefined);

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

  // customer calls one of the sandbox's customer controls and returns its
  // JSON answer; a refusal throws with the sandbox's own message.
  const customer = (action, body) => post("/_waack/customer/" + action, body);

  async function post(path, body) {
    let r;
    try {
      r = await fetch(path, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), cache: "no-store",
      });
    } catch (_) {
      throw new Error("the sandbox is unreachable");
    }
    let answer = null;
    try { answer = await r.json(); } catch (_) { /* the status says enough */ }
    if (!r.ok) throw new Error((answer && answer.error) || "HTTP " + r.status);
    return answer;
  }

  // showError puts an endpoint's refusal next to the control that caused
  // it; an empty message hides it.
  function showError(node, msg) {
    node.textContent = msg || "";
    node.hidden = !msg;
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

  // meta is a bubble's corner: the sandbox time it happened (the full
  // time on hover), the ticks, and a button that copies the message's id
  // for one-shot commands (waack react --to … --message-id …).
  function meta(m) {
    return el("span", { class: "meta" },
      el("span", { class: "time", title: m.time.replace("T", " ").replace(/\.\d+/, ""), text: hhmm(m.time) }), ticks(m),
      el("button", {
        type: "button", class: "copy-id", "data-action": "copy", "data-id": m.id,
        title: "Copy the message id " + m.id, "aria-label": "Copy the message id", text: "id",
      }));
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

  // reactable: the customer can react to a business text that reached them.
  const reactable = (m) => m.from === "business" && m.type === "text" && m.status !== "failed";
  const notices = { revoke: true, edit: true, system: true };

  // notice is a centred line for what is not a message: the customer
  // deleted or edited one, or WhatsApp reports a change.
  function notice(m, byId) {
    const orig = byId.get(m.ref);
    const what = m.type === "revoke" ? "The customer deleted " + (orig ? "“" + short(orig.text, 40) + "”" : "a message")
      : m.type === "edit" ? "The customer edited a message to “" + short(m.text, 60) + "”"
        : m.text;
    return el("div", { class: "notice", "data-notice": m.type, "data-message-id": m.id, title: m.type + " notice " + m.id },
      el("span", { text: what + " · " + hhmm(m.time) }));
  }
  const customerEmoji = (m) => ((m.reactions || []).find((r) => r.by === "customer") || {}).emoji || "";

  function bubble(m, byId, pickerOpen) {
    // The customer's phone: their own messages go out (right, green),
    // the business's come in (left, white).
    const side = m.from === "business" ? "in" : "out";
    const b = el("div", {
      class: "bubble " + side + (m.status === "failed" ? " failed" : ""),
      "data-message-id": m.id, "data-from": m.from, "data-status": m.status || null, "data-read": m.read ? "true" : null,
    }, quote(m, byId),
    m.echo ? el("span", { class: "echo-note", text: "sent from the business's app" }) : null,
    m.revoked ? el("span", { class: "text deleted", text: "🚫 This message was deleted" }) : el("span", { class: "text", text: m.text }),
    m.edited && !m.revoked ? el("span", { class: "edited-note", text: "edited" }) : null,
    meta(m), reactions(m));
    const row = el("div", { class: "row " + side + (m.reactions ? " reacted" : "") }, b);
    if (!reactable(m)) return row;
    row.append(el("button", {
      type: "button", class: "react-btn", "data-action": "pick", "data-id": m.id,
      "aria-expanded": pickerOpen ? "true" : "false", "aria-label": "React as the customer", title: "React as the customer",
      text: "☺",
    }));
    if (!pickerOpen) return row;
    const mine = customerEmoji(m);
    const choices = emojis.map((e) => el("button", {
      type: "button", class: "pick" + (e === mine ? " mine" : ""), "data-action": "react", "data-id": m.id, "data-emoji": e,
      title: e === mine ? "your reaction" : "react " + e, text: e,
    }));
    if (mine) {
      choices.push(el("button", {
        type: "button", class: "pick remove", "data-action": "react", "data-id": m.id, "data-emoji": "",
        title: "remove your reaction", text: "remove",
      }));
    }
    return el("div", { class: "with-picker" }, row, el("div", { class: "picker", role: "group", "aria-label": "reactions" }, ...choices));
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

  // drawScreen draws a chat's rows, reusing the ones that did not change:
  // a redraw then never swallows a click or a hover on an unchanged bubble.
  function drawScreen(p, c) {
    const byId = new Map(c.messages.map((m) => [m.id, m]));
    const rows = [];
    const keep = new Map();
    const row = (key, sig, make) => {
      const old = p.rows.get(key);
      const node = old && old.sig === sig ? old.node : make();
      keep.set(key, { sig, node });
      rows.push(node);
    };
    let lastDay = "";
    for (const m of c.messages) {
      // Reactions show on their target; only a business reaction that
      // failed gets a row of its own.
      const own = m.type !== "reaction" || (m.from === "business" && m.status === "failed");
      if (!own) continue;
      // The day chip comes before the day's first row, whatever it is.
      if (day(m.time) !== lastDay) {
        const d = (lastDay = day(m.time));
        row("d:" + d, "", () => el("div", { class: "day", "data-day": d }, el("span", { text: d })));
      }
      if (notices[m.type]) {
        row("m:" + m.id, JSON.stringify(m), () => notice(m, byId));
        continue;
      }
      if (m.type === "reaction") {
        const target = byId.get(m.ref);
        row("m:" + m.id, JSON.stringify([m, target && target.text]), () => failedReaction(m, byId));
        continue;
      }
      const open = picker !== null && picker.key === chatKey(c) && picker.id === m.id;
      const q = m.ref ? byId.get(m.ref) : undefined;
      row("m:" + m.id, JSON.stringify([m, q && [q.from, q.text], open]), () => bubble(m, byId, open));
    }
    if (c.typing) row("typing", "", typingRow);
    p.rows = keep;
    const s = p.screen;
    if (s.children.length !== rows.length || rows.some((n, i) => s.children[i] !== n)) s.replaceChildren(...rows);
  }

  // unreadBusiness lists the business texts the customer has not read.
  const unreadBusiness = (c) => c.messages.filter((m) => m.from === "business" && m.type === "text" &&
    (m.status === "sent" || m.status === "delivered"));

  function drawHead(p, c) {
    p.statusBar.replaceChildren(
      el("span", { text: hhmm(state.now) }),
      el("span", { class: "owner", text: who(c) + " · " + providerName(c.provider) }));
    // The business's number on top, like a contact's name; under it
    // typing… while it shows, else what the chat is.
    const business = phone(c.businessPhone || state.business);
    p.who.title = "the business, " + business + " (number " + c.number + "), via " + providerName(c.provider) + " · chat " + c.chatId +
      (c.userId ? " · customer " + c.userId + (c.username ? " @" + c.username : "") : "");
    p.who.replaceChildren(
      el("div", { class: "name", text: business }),
      c.typing ? el("div", { class: "sub typing-note", "data-typing": "true", text: "typing…" })
        : el("div", { class: "sub", text: "Business · via " + providerName(c.provider) + " · chat " + c.chatId }));
    const unread = unreadBusiness(c).length;
    p.read.disabled = unread === 0;
    p.readCount.textContent = unread > 0 ? String(unread) : "";
    p.readCount.hidden = unread === 0;
    p.read.title = unread > 0
      ? "Mark the business's " + (unread === 1 ? "message" : unread + " messages") + " read, as the customer: their ticks turn blue"
      : "Nothing unread from the business";
  }

  function drawFoot(p, c) {
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
    p.window.className = "window " + cls;
    p.window.dataset.window = cls;
    p.window.textContent = text;
  }

  // phoneFor returns a chat's phone, building it on first sight. The
  // controls (composer, Read button) are built once and live as long as
  // the phone, so a redraw never loses what is being typed.
  function phoneFor(c) {
    const key = chatKey(c);
    let p = phones.get(key);
    if (p) return p;
    p = { rows: new Map(), stick: false };
    p.statusBar = el("div", { class: "status-bar" });
    p.who = el("div", { class: "who" });
    p.readCount = el("span", { class: "count", hidden: true });
    p.read = el("button", { type: "button", class: "read-btn", "data-action": "read" },
      el("span", { class: "read-ticks", text: "✓✓" }), el("span", { text: "Read" }), p.readCount);
    p.screen = el("div", { class: "screen" });
    p.window = el("div", { class: "window" });
    p.input = el("input", {
      type: "text", class: "composer-input", name: "text", autocomplete: "off",
      placeholder: "Message as the customer", "aria-label": "Message as the customer " + who(c),
    });
    p.send = el("button", { type: "submit", class: "send", title: "Send as the customer", "aria-label": "Send as the customer", text: "➤" });
    p.error = el("p", { class: "error", role: "alert", hidden: true });
    const form = el("form", { class: "composer", autocomplete: "off" }, p.input, p.send);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      sendAsCustomer(key, p);
    });
    p.input.addEventListener("input", () => showError(p.error, ""));
    p.root = el("section", { class: "phone", "data-chat": key, "data-provider": c.provider, "data-customer": c.customer, "data-number": c.number },
      el("div", { class: "glass" },
        el("header", {}, p.statusBar,
          el("div", { class: "chat-head" }, el("div", { class: "avatar", text: "B" }), p.who, p.read)),
        p.screen,
        el("footer", {}, p.window, p.error, form)));
    phones.set(key, p);
    return p;
  }

  async function sendAsCustomer(key, p) {
    const c = chatOf(key);
    const text = p.input.value;
    if (!c || text.trim() === "") return;
    p.send.disabled = true;
    try {
      await customer("message", { provider: c.provider, from: from(c), text });
      p.input.value = "";
      p.stick = true; // follow the new bubble down
      showError(p.error, "");
    } catch (err) {
      showError(p.error, err.message);
    } finally {
      p.send.disabled = false;
    }
  }

  // The phones' buttons are handled here, by delegation, since bubbles are
  // redrawn.
  async function onPhoneClick(e) {
    const b = e.target.closest("button[data-action]");
    const root = e.target.closest(".phone");
    if (!b || !root) return;
    const key = root.dataset.chat;
    const p = phones.get(key);
    const c = chatOf(key);
    if (!p || !c) return;
    switch (b.dataset.action) {
      case "copy":
        copyID(b);
        return;
      case "pick": // open or close the reaction row
        picker = picker && picker.key === key && picker.id === b.dataset.id ? null : { key, id: b.dataset.id };
        draw();
        return;
      case "react":
        b.disabled = true;
        try {
          await customer("react", { provider: c.provider, from: from(c), messageId: b.dataset.id, emoji: b.dataset.emoji });
          picker = null;
          showError(p.error, "");
          draw();
        } catch (err) {
          b.disabled = false;
          showError(p.error, err.message);
        }
        return;
      case "read": {
        // Reading the latest unread text reads the earlier ones too.
        const unread = unreadBusiness(c);
        if (unread.length === 0) return;
        b.disabled = true;
        try {
          await customer("read", { messageId: unread[unread.length - 1].id });
          showError(p.error, "");
        } catch (err) {
          b.disabled = false;
          showError(p.error, err.message);
        }
      }
    }
  }

  // copyID puts a message's id on the clipboard and says so on the
  // button. Without clipboard access (a page not on localhost, a browser
  // that refuses) it falls back to a selected copy of the text.
  async function copyID(b) {
    const id = b.dataset.id;
    let done = false;
    try {
      await navigator.clipboard.writeText(id);
      done = true;
    } catch (_) {
      const t = el("textarea", { class: "copy-buffer", readonly: true });
      t.value = id;
      document.body.append(t);
      t.select();
      try { done = document.execCommand("copy"); } catch (_) { done = false; }
      t.remove();
    }
    b.dataset.copied = done ? "true" : "false";
    b.textContent = done ? "copied" : "copy failed";
    b.title = (done ? "Copied " : "Could not copy; the id is ") + id;
    setTimeout(() => { b.textContent = "id"; delete b.dataset.copied; b.title = "Copy the message id " + id; }, 1500);
  }

  function drawPhones() {
    const main = document.getElementById("phones");
    const seen = new Set();
    const order = [];
    let focus = null;
    for (const c of state.chats) {
      const p = phoneFor(c);
      const s = p.screen;
      const atBottom = p.stick || s.scrollHeight === 0 || s.scrollTop + s.clientHeight >= s.scrollHeight - 24;
      p.stick = false;
      const top = s.scrollTop;
      drawHead(p, c);
      drawScreen(p, c);
      drawFoot(p, c);
      p.root.hidden = selected !== "all" && selected !== chatKey(c);
      order.push(p.root);
      seen.add(chatKey(c));
      if (focusAfter && c.messages.some((m) => m.id === focusAfter)) focus = p;
      requestAnimationFrame(() => { s.scrollTop = atBottom ? s.scrollHeight : top; });
    }
    for (const key of [...phones.keys()]) if (!seen.has(key)) phones.delete(key);
    if (picker && !seen.has(picker.key)) picker = null;
    const empty = document.getElementById("empty");
    empty.hidden = state.chats.length > 0;
    const want = [empty, ...order];
    // Moving a phone would reset its scroll: only reorder when needed.
    if (main.children.length !== want.length || want.some((n, i) => main.children[i] !== n)) main.replaceChildren(...want);
    if (focus) {
      focusAfter = null;
      focus.root.scrollIntoView({ block: "nearest" });
      focus.input.focus({ preventScroll: true });
    }
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
      ...state.chats.map((c) => tab(chatKey(c), providerName(c.provider) + " · " + who(c) +
        (c.businessPhone && c.businessPhone !== state.business ? " → " + phone(c.businessPhone) : ""))));
  }

  function draw() {
    if (!state) return;
    document.getElementById("clock").textContent = "sandbox clock " + state.now.slice(0, 19).replace("T", " ");
    if (focusAfter) {
      // A chat started while the tabs show another one: show the new one.
      const c = state.chats.find((x) => x.messages.some((m) => m.id === focusAfter));
      if (c && selected !== "all" && selected !== chatKey(c)) selected = chatKey(c);
    }
    drawTabs();
    drawPhones();
  }

  function apply(next) {
    state = next;
    draw();
  }

  // The New chat form writes a first message as any customer, on any
  // provider; for an existing chat it simply adds the message.
  function setupNewChat() {
    const form = document.getElementById("new-chat");
    const error = document.getElementById("new-chat-error");
    const text = form.elements.namedItem("text");
    const submit = form.querySelector("button[type=submit]");
    form.addEventListener("input", () => showError(error, ""));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      submit.disabled = true;
      try {
        const answer = await customer("message", {
          provider: form.elements.namedItem("provider").value,
          from: form.elements.namedItem("from").value,
          text: text.value,
        });
        focusAfter = answer.id;
        text.value = "";
        showError(error, "");
        draw();
      } catch (err) {
        showError(error, err.message);
      } finally {
        submit.disabled = false;
      }
    });
  }

  // The clock buttons move the sandbox clock; the new state arrives over
  // the event stream like every other change.
  function setupClock() {
    const error = document.getElementById("clock-error");
    for (const b of document.querySelectorAll("button[data-advance]")) {
      b.addEventListener("click", async () => {
        b.disabled = true;
        try {
          await post("/_waack/clock", { advance: b.dataset.advance });
          showError(error, "");
        } catch (err) {
          showError(error, err.message);
        } finally {
          b.disabled = false;
        }
      });
    }
  }

  function setupPhones() {
    document.getElementById("phones").addEventListener("click", onPhoneClick);
    // A click elsewhere or Escape closes the reaction row.
    const close = () => { if (picker) { picker = null; draw(); } };
    document.addEventListener("click", (e) => { if (!e.target.closest(".picker, .react-btn")) close(); });
    document.addEventListener("keydown", (e) => { if (e.key === "Escape") close(); });
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

  setupNewChat();
  setupClock();
  setupPhones();
  connect();
})();
