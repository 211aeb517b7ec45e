/* /interventies/ enhanced: htmx (attributes in the templates) fetches the
   results; this keeps history, focus, the filter form and the compare choice
   in step. Without JavaScript the page is a plain GET form. */
(function () {
  "use strict";

  function filterForm() {
    return document.getElementById("filters");
  }

  function compareForm() {
    return document.getElementById("compare-form");
  }

  // A query in a stable order, to tell whether two requests ask the same.
  function canonical(params) {
    return Array.from(new URLSearchParams(params), function (pair) {
      return encodeURIComponent(pair[0]) + "=" + encodeURIComponent(pair[1]);
    })
      .sort()
      .join("&");
  }

  // What the results on screen (or on their way) answer.
  let lastQuery = canonical(location.search);
  // Set when the link the visitor used vanishes with the update.
  let focusResults = false;

  function formQuery(data) {
    if (!(data.get("q") || "").trim()) {
      data.delete("q"); // an empty search is no search
    }
    return canonical(data);
  }

  // Leaving the search box or pressing Enter asks what typing already asked.
  // Checked at htmx:confirm, before hx-sync aborts the request on its way.
  document.addEventListener("htmx:confirm", function (event) {
    const form = filterForm();
    if (event.detail.elt !== form) {
      return;
    }
    const query = formQuery(new FormData(form));
    if (query === lastQuery) {
      event.preventDefault();
      focusResults = false;
      return;
    }
    lastQuery = query;
  });

  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt === filterForm()) {
      formQuery(event.detail.formData);
    }
  });

  // Assistive technology waits for the new results instead of reading the old.
  document.addEventListener("htmx:beforeRequest", function () {
    const results = document.getElementById("results");
    if (results) {
      results.setAttribute("aria-busy", "true");
    }
  });

  document.addEventListener("htmx:afterRequest", function () {
    const results = document.getElementById("results");
    if (results) {
      results.removeAttribute("aria-busy");
    }
  });

  // Nothing arrived (an aborted request is replaced by a newer one, so not here).
  ["htmx:responseError", "htmx:sendError"].forEach(function (name) {
    document.addEventListener(name, function () {
      lastQuery = canonical(location.search);
      focusResults = false;
    });
  });

  ["htmx:pushedIntoHistory", "htmx:historyRestore"].forEach(function (name) {
    document.addEventListener(name, function () {
      lastQuery = canonical(location.search);
    });
  });

  document.addEventListener("htmx:historyRestore", function () {
    initCompare();
  });

  document.addEventListener("htmx:afterSettle", function () {
    syncCompare();
    const heading = document.getElementById("results-title");
    if (focusResults && heading) {
      heading.focus();
    }
    focusResults = false;
  });

  // Chips, "Wis alle filters" and "Bedoelde je ...?": change the form and let
  // it ask, so form, results and address agree.
  document.addEventListener("click", function (event) {
    const form = filterForm();
    const results = document.getElementById("results");
    const link = event.target.closest ? event.target.closest("a") : null;
    if (!form || !results || !link || !results.contains(link)) {
      return;
    }
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return; // a new tab: the plain link does that
    }
    if (link.closest(".pagination")) {
      focusResults = true; // htmx (hx-boost) loads the page
      return;
    }
    if (link.hasAttribute("data-clear-filters")) {
      form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        box.checked = false;
      });
      form.elements.q.value = "";
    } else if (link.dataset.filterName === "q") {
      form.elements.q.value = "";
    } else if (link.dataset.filterName) {
      const box = Array.from(form.querySelectorAll("input[type=checkbox]")).find(function (input) {
        return input.name === link.dataset.filterName && input.value === link.dataset.filterValue;
      });
      if (!box) {
        return; // not a box in the form: follow the link
      }
      box.checked = false;
    } else if (link.hasAttribute("data-search")) {
      form.elements.q.value = link.dataset.search;
    } else {
      return;
    }
    event.preventDefault();
    focusResults = true;
    form.requestSubmit();
  });

  // Compare: the choice lives in hidden fields of #compare-form, so it
  // survives new results and pages; the cards' boxes mirror it.
  function chosenFields() {
    const form = compareForm();
    return form ? Array.from(form.querySelectorAll("input[type=hidden][name=id]")) : [];
  }

  function cardBoxes() {
    return Array.from(document.querySelectorAll("input[type=checkbox][form=compare-form]"));
  }

  function choose(slug, chosen) {
    const form = compareForm();
    const field = chosenFields().find(function (input) {
      return input.value === slug;
    });
    if (chosen && !field) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = "id";
      input.value = slug;
      form.appendChild(input);
    } else if (!chosen && field) {
      field.remove();
    }
  }

  function countText(count) {
    if (count === 0) {
      return "";
    }
    if (count === 1) {
      return "1 interventie gekozen; kies er nog een of twee bij.";
    }
    if (count <= 3) {
      return count + " interventies gekozen.";
    }
    return count + " interventies gekozen; u kunt er drie tegelijk vergelijken.";
  }

  function syncCompare() {
    const slugs = chosenFields().map(function (input) {
      return input.value;
    });
    cardBoxes().forEach(function (box) {
      box.removeAttribute("name"); // the hidden fields send it, once each
      box.checked = slugs.indexOf(box.value) >= 0;
    });
    const count = document.getElementById("compare-count");
    if (count && count.textContent !== countText(slugs.length)) {
      count.textContent = countText(slugs.length);
    }
  }

  function initCompare() {
    // Ticks the browser kept from before a reload.
    cardBoxes().forEach(function (box) {
      if (box.checked) {
        choose(box.value, true);
      }
    });
    syncCompare();
  }

  document.addEventListener("change", function (event) {
    const box = event.target;
    if (box.matches && box.matches("input[type=checkbox][form=compare-form]") && compareForm()) {
      choose(box.value, box.checked);
      syncCompare();
    }
  });

  initCompare();
})();
