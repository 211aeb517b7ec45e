// The admin's export form (templates/admin/import_export/export.html): "Select all" ticks or clears
// every field's box. Here instead of an event handler attribute, which the Content-Security-Policy refuses.
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    const toggle = event.target;
    if (!toggle.matches || !toggle.matches("input.select-toggle")) {
      return;
    }
    document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]').forEach(function (box) {
      box.checked = toggle.checked;
    });
  });
})();
