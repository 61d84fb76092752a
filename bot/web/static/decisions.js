// Answering decision requests from the supervisor's queue.
"use strict";

document.querySelectorAll("form.answer-form").forEach((form) => {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    Baton.clearErrors(form);
    const answer = form.querySelector('input[name="answer"]:checked').value;
    const body = { answer, comment: form.elements.comment.value };
    if (answer === "edit") {
      body.edited = {};
      form.querySelectorAll('[name^="edit:"]').forEach((input) => {
        const name = input.name.slice(5);
        const initial = input.dataset.initial !== undefined ? input.dataset.initial : input.defaultValue;
        if (input.value !== initial) body.edited[name] = input.type === "number" ? Number(input.value) : input.value;
      });
    }
    const result = await Baton.call("POST", `/api/v1/decisions/${form.dataset.decision}/answer`, body);
    if (result.status === 401) { window.location.assign("/login"); return; }
    if (!result.ok) { Baton.showErrors(form, result.data ? result.data.detail : null); return; }
    const done = form.querySelector(".done");
    done.textContent = `Recorded: ${result.data.decision.status}.` +
      (result.data.thread ? " The requester's conversation has the answer." : "");
    done.hidden = false;
    form.querySelectorAll("input, select, textarea, button").forEach((el) => { el.disabled = true; });
    // An answered request moves to "Decided" (a response keeps it in the queue).
    if (result.data.decision.status !== "pending" && result.data.decision.status !== "responded") {
      setTimeout(() => window.location.reload(), 1200);
    }
  });
});

// Accepting and finishing handoffs from the same page.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-handoff-action]");
  if (!button) return;
  const action = button.dataset.handoffAction;
  const body = action === "complete" ? { outcome: "done" } : undefined;
  const result = await Baton.call("POST", `/api/v1/handoffs/${button.dataset.handoff}/${action}`, body);
  if (result.status === 401) { window.location.assign("/login"); return; }
  if (result.ok) { window.location.reload(); return; }
  const slot = button.parentElement.querySelector("[role=alert]");
  slot.textContent = result.data && result.data.detail ? result.data.detail[0].msg : "Not done.";
  slot.hidden = false;
});
