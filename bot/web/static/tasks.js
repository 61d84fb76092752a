// The add/edit task dialog of both coordinator tabs, and deleting an entry.
"use strict";

(function () {
  const dialog = document.getElementById("task-dialog");
  if (!dialog) return;
  const form = document.getElementById("task-form");
  const title = document.getElementById("task-dialog-title");
  const confirmBox = form.querySelector(".confirm-box");
  const sent = form.querySelector("p.done");

  function open(values) {
    form.reset();
    Baton.clearErrors(form);
    confirmBox.hidden = true;
    sent.hidden = true;
    form.elements.entry_id.value = values.entry || "";
    form.elements.confirm.value = "false";
    form.elements.patient.value = values.patient || "";
    form.elements.patient.disabled = Boolean(values.entry);
    form.elements.task_type.value = values.taskType || "";
    form.elements.minutes.value = values.minutes || "";
    if (values.date) form.elements.task_date.value = values.date;
    form.elements.notes.value = values.notes || "";
    title.textContent = values.entry ? `Edit entry ${values.entry}` : "Add task";
    dialog.showModal();
    (values.patient ? form.elements.task_type : form.elements.patient).focus();
  }

  function body() {
    const f = form.elements;
    const minutes = f.minutes.value.trim();
    const data = {
      task_type: f.task_type.value,
      // Sent as typed; the server names the rule a value breaks.
      minutes: minutes === "" ? null : Number(minutes),
      task_date: f.task_date.value || null,
      notes: f.notes.value,
      confirm: f.confirm.value === "true",
    };
    if (!f.entry_id.value) {
      data.patient = f.patient.value;
      const chosen = f.patient.selectedOptions[0];
      if (chosen && chosen.dataset.coordinator) data.coordinator_id = Number(chosen.dataset.coordinator);
    }
    return data;
  }

  async function save() {
    Baton.clearErrors(form);
    confirmBox.hidden = true;
    const entry = form.elements.entry_id.value;
    const result = entry
      ? await Baton.call("PATCH", `/api/v1/tasks/${entry}`, body())
      : await Baton.call("POST", "/api/v1/tasks", body());
    if (result.status === 202) {
      // Over twice the average: waits for the team supervisor's sign-off, not logged yet.
      sent.textContent = result.data.message;
      sent.hidden = false;
      return;
    }
    if (result.ok) { dialog.close(); window.location.reload(); return; }
    if (result.status === 409 && result.data && result.data.confirm) {
      confirmBox.querySelector(".warning").textContent = result.data.detail[0].msg;
      confirmBox.hidden = false;
      confirmBox.querySelector("button").focus();
      return;
    }
    if (result.status === 401) { window.location.assign("/login"); return; }
    Baton.showErrors(form, result.data ? result.data.detail : null);
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); save(); });
  confirmBox.querySelector("button").addEventListener("click", () => {
    form.elements.confirm.value = "true";
    save();
  });
  form.querySelector('[data-action="cancel"]').addEventListener("click", () => dialog.close());

  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "add-task") open({ patient: button.dataset.patient });
    if (action === "edit-task") {
      open({
        entry: button.dataset.entry, patient: button.dataset.patient, taskType: button.dataset.taskType,
        minutes: button.dataset.minutes, date: button.dataset.date, notes: button.dataset.notes,
      });
    }
    if (action === "delete-task") {
      if (!window.confirm(`Delete entry ${button.dataset.entry}? Its history is kept.`)) return;
      const result = await Baton.call("DELETE", `/api/v1/tasks/${button.dataset.entry}`);
      if (result.ok) window.location.reload();
      else window.alert(result.data && result.data.detail ? result.data.detail[0].msg : "Not deleted.");
    }
  });
})();
