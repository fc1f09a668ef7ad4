// Bulk selection on lists (templates/fragments/bulk_*.html); no inline script (CSP).
(function () {
  function boxes(formId) {
    return document.querySelectorAll('input[name="selected"][form="' + formId + '"]');
  }
  function update(formId) {
    var all = boxes(formId), ticked = 0;
    all.forEach(function (box) { if (box.checked) { ticked += 1; } });
    var form = document.getElementById(formId);
    var count = form && form.querySelector("[data-bulk-count]");
    if (count) {
      count.textContent = (count.getAttribute("data-template") || "{n}").replace("{n}", ticked);
    }
    var master = document.querySelector('[data-select-all="' + formId + '"]');
    if (master) {
      master.checked = all.length > 0 && ticked === all.length;
      master.indeterminate = ticked > 0 && ticked < all.length;
    }
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    var formId = target.getAttribute("data-select-all");
    if (formId) {
      boxes(formId).forEach(function (box) { box.checked = target.checked; });
      update(formId);
    } else if (target.name === "selected" && target.getAttribute("form")) {
      update(target.getAttribute("form"));
    }
  });
  // A button may ask its own question (data-confirm on the button, not the form).
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = button && button.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-bulk-count]").forEach(function (count) {
      update(count.closest("form").id);
    });
  });
})();
