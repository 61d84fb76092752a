// The chat page: sends a turn, shows progress as it streams, then the answer and its plan.
"use strict";

(function () {
  const form = document.getElementById("chat-form");
  const list = document.getElementById("messages");
  const status = document.getElementById("chat-status");
  const STORE = "baton.thread";

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

  function showAnswer(turn) {
    add("answer", (item) => {
      item.dataset.kind = turn.kind;
      const text = document.createElement("pre");
      text.className = "answer";
      text.textContent = turn.markdown || "(no answer)";
      item.appendChild(text);
      if (turn.kind === "plan" && turn.answer) item.appendChild(planTable(turn.answer));
    });
    status.textContent = turn.waiting_for_decision
      ? `Waiting for decision request #${turn.waiting_for_decision}; use "Check for answers".`
      : "";
  }

  async function send(text) {
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
        if (event === "result") { streamed?.remove(); showAnswer(data); }
        if (event === "error") status.textContent = data.detail;
      }
    }
  }

  async function refresh() {
    const result = await Baton.call("GET", `/api/v1/threads/${threadId()}`);
    if (result.ok) showAnswer(result.data);
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
    list.replaceChildren();
    status.textContent = "New conversation.";
  });
  form.querySelector('[data-action="refresh"]').addEventListener("click", refresh);
  if (sessionStorage.getItem(STORE)) refresh();
})();
