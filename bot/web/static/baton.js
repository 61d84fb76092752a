// Shared helpers for Baton's pages: calls to /api/v1 and showing its errors by field.
"use strict";

const Baton = {
  // Every change carries the CSRF header the API asks of cookie-authenticated requests.
  async call(method, path, body) {
    const options = { method, headers: { "X-Baton-Request": "1", Accept: "application/json" } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(path, options);
    let data = null;
    if (response.status !== 204) {
      try { data = await response.json(); } catch (_) { data = null; }
    }
    return { status: response.status, ok: response.ok, data };
  },

  clearErrors(form) {
    form.querySelectorAll("[data-error-for]").forEach((el) => { el.hidden = true; el.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
  },

  // Put each message next to the field its "loc" names; the rest at the top of the form.
  showErrors(form, detail) {
    const items = Array.isArray(detail) ? detail : [{ loc: [], msg: String(detail || "Something went wrong") }];
    let first = null;
    for (const item of items) {
      const loc = item.loc || [];
      const field = loc.length ? String(loc[loc.length - 1]) : "";
      let slot = field ? form.querySelector(`[data-error-for="${CSS.escape(field)}"]`) : null;
      if (!slot) slot = form.querySelector('[data-error-for=""]');
      if (!slot) continue;
      slot.textContent = slot.textContent ? `${slot.textContent} ${item.msg}` : item.msg;
      slot.hidden = false;
      const input = field ? form.querySelector(`[name="${CSS.escape(field)}"]`) : null;
      if (input) { input.setAttribute("aria-invalid", "true"); first = first || input; }
    }
    (first || form.querySelector('[data-error-for=""]'))?.focus?.();
  },
};
window.Baton = Baton;

// A table that scrolls sideways on a narrow screen can be reached and scrolled with the
// keyboard (WCAG 2.1.1): it takes focus only while it scrolls.
function markScrollableTables() {
  document.querySelectorAll("table.grid").forEach((table) => {
    if (table.scrollWidth > table.clientWidth + 1) table.tabIndex = 0;
    else table.removeAttribute("tabindex");
  });
}
window.addEventListener("load", markScrollableTables);
window.addEventListener("resize", markScrollableTables);
