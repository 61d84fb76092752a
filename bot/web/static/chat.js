// The chat page: sends a turn, shows progress as it streams, then the answer and its plan;
// follows the conversation live (GET /threads/{id}/events) for answers that come later, such
// as a decision's outcome or an answer given in another tab. An earlier conversation, or this
// one after a reload, is shown whole: the stream replays it (?history=true). Each answer has
// an id, so one that comes both as the reply to a message and on the stream shows once.
// Without EventSource, a "Check for answers" button stands in.
"use strict";

(function () {
  const form = document.getElementById("chat-form");
  const list = document.getElementById("messages");
  const status = document.getElementById("chat-status");
  const STORE = "baton.thread";
  // This browser's conversations: ids, when, and what kind of answer; never their text.
  const HISTORY = "baton.threads";
  const MAX_HISTORY = 20;
  const POLL_MS = 15000;  // the fallback's look for a decision's answer, without a stream
  // What an earlier conversation's last answer was, in words (never an internal kind name).
  const KIND_LABEL = {
    plan: "a handoff plan", clarify: "a question back", confirm: "waiting for your yes or no",
    action: "done", records: "your records", none: "no answer",
  };
  const refreshButton = form.querySelector('[data-action="refresh"]');
  let polling = null;
  let stream = null;
  // Answers already on the page (by answer_id), so one the stream brings again is not shown
  // twice.
  const shown = new Set();
  // A message of ours waiting for its reply: an answer the stream brings meanwhile is that
  // reply, whose message is on the page already.
  let sending = false;

  function threadId() {
    let id = sessionStorage.getItem(STORE);
    if (!id) {
      id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
      sessionStorage.setItem(STORE, id);
    }
    return id;
  }

  function add(kind, build) {
    const item = document.createElement("li");
    item.className = kind;
    build(item);
    list.appendChild(item);
    item.scrollIntoView({ block: "nearest" });
    return item;
  }

  function cell(row, text, tag = "td") {
    const el = document.createElement(tag);
    el.textContent = text;
    row.appendChild(el);
  }

  // The handoff plan's boundaries as a table: who hands what to whom, by when, and the way out.
  function planTable(plan) {
    const table = document.createElement("table");
    table.className = "grid plan-table";
    const caption = document.createElement("caption");
    caption.textContent = `Handoff plan: ${plan.primary.display_name} leads`;
    table.appendChild(caption);
    const head = table.createTHead().insertRow();
    ["Handoff", "Owner", "Time frame", "Outcome", "Exception path"].forEach((h) => cell(head, h, "th"));
    const tbody = table.createTBody();
    for (const b of plan.boundaries) {
      const row = tbody.insertRow();
      cell(row, `${b.from_party} → ${b.to_party}: ${b.name}`);
      cell(row, b.owner);
      cell(row, b.time_frame);
      cell(row, b.outcome);
      cell(row, `${b.exception.trigger}; ${b.exception.path} (escalate to ${b.exception.escalate_to} after ${b.exception.timeout_hours} h)`);
    }
    return table;
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  // "Track these handoffs": the plan's boundaries as checkboxes (all ticked); the chosen
  // ones become tracked handoffs for their owners. Only the latest plan can be tracked
  // (the conversation tracks its last plan), so older, unused controls are removed.
  function trackControl(plan) {
    list.querySelectorAll("form.track-handoffs:not([data-used])").forEach((old) => old.remove());
    const form = element("form", "track-handoffs");
    form.noValidate = true;
    const fieldset = element("fieldset");
    fieldset.appendChild(element("legend", "", "Track these handoffs"));
    plan.boundaries.forEach((b, i) => {
      const label = element("label", "check");
      const box = element("input");
      box.type = "checkbox";
      box.name = "boundaries";
      box.value = String(i + 1);
      box.checked = true;
      label.append(box, ` ${i + 1}. ${b.name} (${b.owner}, ${b.time_frame})`);
      fieldset.appendChild(label);
    });
    form.appendChild(fieldset);
    const error = element("p", "field-error");
    error.dataset.errorFor = "boundaries";
    error.setAttribute("role", "alert");
    error.hidden = true;
    const general = element("p", "error");
    general.dataset.errorFor = "";
    general.setAttribute("role", "alert");
    general.hidden = true;
    const button = element("button", "primary", "Track these handoffs");
    button.type = "submit";
    const outcome = element("div", "track-result");
    outcome.setAttribute("role", "status");
    form.append(error, general, button, outcome);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      track(form, outcome);
    });
    return form;
  }

  async function track(form, outcome) {
    Baton.clearErrors(form);
    outcome.replaceChildren();
    const boxes = Array.from(form.querySelectorAll('input[name="boundaries"]'));
    const chosen = boxes.filter((box) => box.checked && !box.disabled).map((box) => Number(box.value));
    if (!chosen.length) {
      Baton.showErrors(form, [{ loc: ["boundaries"], msg: "Choose at least one handoff." }]);
      return;
    }
    const result = await Baton.call("POST", `/api/v1/threads/${threadId()}/handoffs`, { boundaries: chosen });
    if (result.status === 401) { window.location.assign("/login"); return; }
    if (!result.ok) { Baton.showErrors(form, result.data ? result.data.detail : null); return; }
    form.dataset.used = "1";
    const opened = element("ul", "opened");
    for (const h of result.data.opened) opened.appendChild(element("li", "", `Tracking ${h.status_line}`));
    const missed = element("ul", "not-opened");
    for (const n of result.data.not_opened) {
      missed.appendChild(element("li", "field-error", `Not opened: ${n.name ? `${n.boundary}. ${n.name}: ` : ""}${n.reason}`));
    }
    outcome.append(element("p", "done", `Opened ${result.data.opened.length} tracked handoff(s); each owner has been told.`), opened, missed);
    // What is tracked cannot be tracked twice from here; what failed can be tried again.
    const failed = new Set(result.data.not_opened.map((n) => n.boundary));
    for (const box of boxes) {
      const number = Number(box.value);
      if (chosen.includes(number) && !failed.has(number)) { box.checked = false; box.disabled = true; }
    }
    if (!failed.size) form.querySelector("button").disabled = true;
  }

  // The 51 specialists by division, fetched once for the "right specialist" picker.
  let agents = null;
  async function agentGroups() {
    if (!agents) {
      const result = await Baton.call("GET", "/api/v1/agents");
      agents = result.ok ? result.data : [];
    }
    return agents;
  }

  // "Was this helpful?" under the latest answer (feedback is about the conversation's
  // latest answer, so older, unused controls are removed). "Not helpful" opens an
  // optional "the right specialist is" picker and a short comment.
  function feedbackControl(turn) {
    list.querySelectorAll("form.feedback:not([data-used])").forEach((old) => old.remove());
    const form = element("form", "feedback");
    form.noValidate = true;
    const fieldset = element("fieldset");
    fieldset.appendChild(element("legend", "", "Was this answer helpful?"));
    const yes = element("button", "", "Helpful");
    yes.type = "button";
    const no = element("button", "", "Not helpful");
    no.type = "button";
    fieldset.append(yes, no);
    const details = element("div", "feedback-details");
    details.hidden = true;
    const pickLabel = element("label", "", "The right specialist is (optional)");
    const pick = element("select");
    pick.name = "corrected_agent";
    pick.id = `fb-agent-${Date.now()}`;
    pickLabel.htmlFor = pick.id;
    pick.appendChild(new Option("(not sure)", ""));
    const commentLabel = element("label", "", "Comment (optional, short)");
    const comment = element("textarea");
    comment.name = "comment";
    comment.rows = 2;
    comment.maxLength = 500;
    comment.id = `fb-comment-${Date.now()}`;
    commentLabel.htmlFor = comment.id;
    const send = element("button", "primary", "Send feedback");
    send.type = "submit";
    const agentError = element("p", "field-error");
    agentError.dataset.errorFor = "corrected_agent";
    agentError.hidden = true;
    const commentError = element("p", "field-error");
    commentError.dataset.errorFor = "comment";
    commentError.hidden = true;
    details.append(pickLabel, pick, agentError, commentLabel, comment, commentError, send);
    const general = element("p", "error");
    general.dataset.errorFor = "";
    general.setAttribute("role", "alert");
    general.hidden = true;
    const outcome = element("p", "done");
    outcome.setAttribute("role", "status");
    form.append(fieldset, details, general, outcome);
    yes.addEventListener("click", () => rate(form, outcome, { helpful: true }));
    no.addEventListener("click", async () => {
      if (turn.agent) {
        for (const group of await agentGroups()) {
          const optgroup = document.createElement("optgroup");
          optgroup.label = group.division;
          for (const a of group.agents) {
            if (a.slug !== turn.agent) optgroup.appendChild(new Option(a.display_name, a.slug));
          }
          pick.appendChild(optgroup);
        }
      } else {
        pickLabel.hidden = pick.hidden = true;  // a command answer: no specialist to correct
      }
      fieldset.hidden = true;
      details.hidden = false;
      (turn.agent ? pick : comment).focus();
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      rate(form, outcome, { helpful: false, corrected_agent: pick.value || null, comment: comment.value });
    });
    return form;
  }

  async function rate(form, outcome, body) {
    Baton.clearErrors(form);
    const result = await Baton.call("POST", `/api/v1/threads/${threadId()}/feedback`, body);
    if (result.status === 401) { window.location.assign("/login"); return; }
    if (!result.ok) { Baton.showErrors(form, result.data ? result.data.detail : null); return; }
    form.dataset.used = "1";
    form.querySelectorAll("fieldset, .feedback-details").forEach((el) => { el.hidden = true; });
    outcome.textContent = result.data.correction_id
      ? `Thank you. Your correction (#${result.data.correction_id}) goes to a supervisor for review.`
      : "Thank you for the feedback.";
  }

  function history() {
    try { return JSON.parse(localStorage.getItem(HISTORY) || "[]"); } catch { return []; }
  }

  function remember(turn) {
    const label = turn.kind === "plan" && turn.agent_name ? `plan by ${turn.agent_name}` : KIND_LABEL[turn.kind] || turn.kind;
    const others = history().filter((h) => h.id !== threadId());
    const entry = { id: threadId(), at: new Date().toISOString().slice(0, 16).replace("T", " "), label };
    localStorage.setItem(HISTORY, JSON.stringify([entry, ...others].slice(0, MAX_HISTORY)));
    listEarlier();
  }

  function listEarlier() {
    const section = document.getElementById("earlier");
    const earlier = history().filter((h) => h.id !== sessionStorage.getItem(STORE));
    section.hidden = earlier.length === 0;
    const items = earlier.map((h) => {
      const item = document.createElement("li");
      const open = element("button", null, `${h.at}: ${h.label}`);
      open.type = "button";
      open.addEventListener("click", () => {
        sessionStorage.setItem(STORE, h.id);
        leave();
        listEarlier();
        follow(true);
      });
      item.appendChild(open);
      return item;
    });
    section.querySelector("ul").replaceChildren(...items);
  }

  // ``later``: the answer came from the stream or a look, not as the reply to a message;
  // ``asked``: show the message it answers first (a replayed conversation, another tab).
  function showAnswer(turn, later = false, asked = false) {
    const key = turn.answer_id || `${turn.kind}|${turn.waiting_for_decision}|${turn.markdown}`;
    if (shown.has(key)) return false;
    shown.add(key);
    // A reply to "log this? yes / no" answers under the same request: it is not repeated.
    const mine = list.querySelectorAll("li.mine");
    const last = mine.length ? mine[mine.length - 1].textContent : null;
    if (later && asked && !sending && turn.request && turn.request !== last) {
      add("mine", (item) => { item.textContent = turn.request; });
    }
    remember(turn);
    addAnswer(turn);
    status.textContent = turn.waiting_for_decision
      ? `Waiting for decision request #${turn.waiting_for_decision}; the answer appears here when it comes.`
      : "";
    clearTimeout(polling);
    if (turn.waiting_for_decision && !stream) polling = setTimeout(() => refresh(true), POLL_MS);
    return true;
  }

  // Follow this conversation live; the stream opens with its latest answer (every answer
  // with ``whole``; skipped when shown already) and brings each new one once (on a
  // reconnect EventSource names the last it had). A stream the server refused (or a browser
  // without EventSource) leaves the "Check for answers" button instead.
  function follow(whole = false) {
    const id = threadId();
    if (stream && stream.thread === id) return;
    stopFollowing();
    if (!window.EventSource) { refreshButton.hidden = false; if (whole) refresh(); return; }
    const source = new EventSource(`/api/v1/threads/${id}/events${whole ? "?history=true" : ""}`);
    source.thread = id;
    source.addEventListener("answer", (event) => showAnswer(JSON.parse(event.data), true, true));
    // A decision's outcome answers the message that asked for it, shown already.
    source.addEventListener("decision", (event) => showAnswer(JSON.parse(event.data), true));
    source.addEventListener("open", () => {
      refreshButton.hidden = true;
      clearTimeout(polling);
    });
    source.addEventListener("error", () => {
      // CONNECTING: EventSource retries by itself. CLOSED: it gave up.
      if (source.readyState === EventSource.CLOSED && stream === source) {
        stream = null;
        refreshButton.hidden = false;
      }
    });
    stream = source;
  }

  function stopFollowing() {
    if (stream) stream.close();
    stream = null;
  }

  // Leave the conversation on the page (for a new or an earlier one).
  function leave() {
    stopFollowing();
    clearTimeout(polling);
    shown.clear();
    list.replaceChildren();
  }

  function addAnswer(turn) {
    add("answer", (item) => {
      item.dataset.kind = turn.kind;
      if (turn.html) {
        // Rendered and sanitized by the server (markdown-it-py, then nh3's allow-list).
        const body = document.createElement("div");
        body.className = "answer-html";
        body.innerHTML = turn.html;
        item.appendChild(body);
      } else {
        const text = document.createElement("pre");
        text.className = "answer";
        text.textContent = turn.markdown || "(no answer)";
        item.appendChild(text);
      }
      if (turn.kind === "plan" && turn.answer) {
        item.appendChild(planTable(turn.answer));
        if (turn.answer.boundaries && turn.answer.boundaries.length) item.appendChild(trackControl(turn.answer));
      }
      if (turn.kind !== "none") item.appendChild(feedbackControl(turn));
    });
  }

  async function send(text) {
    sending = true;
    try { await exchange(text); } finally { sending = false; }
  }

  async function exchange(text) {
    add("mine", (item) => { item.textContent = text; });
    status.textContent = "Baton is working…";
    const response = await fetch(`/api/v1/threads/${threadId()}/turns`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream", "X-Baton-Request": "1" },
      body: JSON.stringify({ text }),
    });
    if (response.status === 401) { window.location.assign("/login"); return; }
    if (!response.ok) {
      const data = await response.json().catch(() => null);
      Baton.showErrors(form, data ? data.detail : null);
      status.textContent = "";
      return;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let streamed = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] || "null");
        if (event === "status") status.textContent = `Baton is working… (${data.node})`;
        if (event === "token") {
          streamed = streamed || add("answer", () => {});
          streamed.textContent += data.text;
        }
        if (event === "result") {
          streamed?.remove();
          // Shown already if the conversation's stream brought it first.
          if (!showAnswer(data)) status.textContent = "";
          follow();
        }
        if (event === "error") status.textContent = data.detail;
      }
    }
  }

  async function refresh(polled = false) {
    const result = await Baton.call("GET", `/api/v1/threads/${threadId()}`);
    if (result.ok) {
      if (!showAnswer(result.data, polled)) status.textContent = "No new answer yet.";
      follow();
    }
    else status.textContent = result.status === 404 ? "Nothing in this conversation yet." : "";
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    Baton.clearErrors(form);
    const text = form.elements.text.value.trim();
    if (!text) return;
    form.elements.text.value = "";
    send(text);
  });
  form.elements.text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
  form.querySelector('[data-action="new-thread"]').addEventListener("click", () => {
    sessionStorage.removeItem(STORE);
    leave();
    listEarlier();
    status.textContent = "New conversation.";
  });
  refreshButton.addEventListener("click", () => refresh(true));
  for (const example of document.querySelectorAll("[data-prompt]")) {
    example.addEventListener("click", () => {
      form.elements.text.value = example.dataset.prompt;
      form.elements.text.focus();
    });
  }
  listEarlier();
  if (sessionStorage.getItem(STORE)) follow(true);
})();
