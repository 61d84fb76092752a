// Accepting and rejecting routing corrections from the feedback page.
"use strict";

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-correction-action]");
  if (!button) return;
  const action = button.dataset.correctionAction;
  const result = await Baton.call("POST", `/api/v1/corrections/${button.dataset.correction}/${action}`);
  if (result.status === 401) { window.location.assign("/login"); return; }
  if (result.ok) { window.location.reload(); return; }
  const slot = button.parentElement.querySelector("[role=alert]");
  slot.textContent = result.data && result.data.detail ? result.data.detail[0].msg : "Not done.";
  slot.hidden = false;
});
