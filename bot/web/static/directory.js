// Editing the fee schedule and the owner directory (admins); the API checks and audits.
"use strict";

function report(form, result, text) {
  const done = form.querySelector(".done");
  if (result.status === 401) { window.location.assign("/login"); return; }
  if (!result.ok) { Baton.showErrors(form, result.data ? result.data.detail : null); return; }
  done.textContent = text;
  done.hidden = false;
}

// A form's fields may sit in other cells of its row (the form attribute).
function field(form, name) {
  return form.elements.namedItem(name) || document.querySelector(`[form="${form.id}"][name="${name}"]`);
}

document.querySelectorAll("form.fee-form").forEach((form) => {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    Baton.clearErrors(form);
    const code = form.dataset.code || field(form, "code").value;
    const body = { amount_usd: field(form, "amount_usd").value.trim(), source: field(form, "source").value };
    const result = await Baton.call("PUT", `/api/v1/billing/fee-schedule/${encodeURIComponent(code)}`, body);
    report(form, result, result.ok ? `Saved: ${result.data.code} $${result.data.amount_usd}.` : "");
    if (result.ok && !form.dataset.code) setTimeout(() => window.location.reload(), 800);
  });
});

document.querySelectorAll("form.owner-form").forEach((form) => {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    Baton.clearErrors(form);
    const role = form.dataset.role || field(form, "role").value.trim();
    const id = (name) => { const v = field(form, name).value; return v ? Number(v) : null; };
    const rest = (form.dataset.restOfChain || "").split(",").filter(Boolean).map(Number);
    const first = id("chain");
    const body = { primary: id("primary"), backup: id("backup"), chain: first ? [first, ...rest] : rest };
    const result = await Baton.call("PUT", `/api/v1/owners/${encodeURIComponent(role)}`, body);
    report(form, result, result.ok ? `Saved: ${result.data.role}.` : "");
    if (result.ok && !form.dataset.role) setTimeout(() => window.location.reload(), 800);
  });
});
