// Choices that load as the user types (core/lookups.py, core/widgets.py LookupInput).
//
// The server renders a text box (role="combobox", named <name>_text) and a hidden input holding the
// chosen id. Here the box asks its endpoint for suggestions, shows them in the list box, and keeps the
// id in the hidden input. Once a suggestion is chosen the box loses its name, so the form (and the URL)
// carries only the id, as a link or the API does; while the user types, the hidden id is cleared and the
// typed text is sent instead, which the server resolves. Without this script the form sends both and the
// server decides. Keys: down and up move through the suggestions, enter chooses, escape closes the list
// (a second escape clears the box).
(() => {
  const DELAY_MS = 200;

  function setUp(root) {
    const box = root.querySelector("[data-lookup-box]");
    const hidden = root.querySelector("[data-lookup-value]");
    const list = root.querySelector("[role=listbox]");
    const status = root.querySelector("[role=status]");
    if (!box || !hidden || !list) return;
    const textName = box.name;
    let items = [];
    let active = -1;
    let timer = null;
    let controller = null;
    let chosenText = hidden.value ? box.value : null;

    if (hidden.value) box.removeAttribute("name");

    function announce(message) {
      if (status) status.textContent = message;
    }

    function close() {
      list.hidden = true;
      box.setAttribute("aria-expanded", "false");
      box.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      const options = list.querySelectorAll("[role=option]");
      options.forEach((option, i) => option.setAttribute("aria-selected", i === index ? "true" : "false"));
      active = index;
      if (index >= 0 && options[index]) {
        box.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        box.removeAttribute("aria-activedescendant");
      }
    }

    function show(results) {
      items = results;
      list.replaceChildren();
      results.forEach((item, i) => {
        const option = document.createElement("li");
        option.id = `${list.id}_${i}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "lookup__option";
        const text = document.createElement("span");
        text.textContent = item.text;
        option.append(text);
        if (item.detail) {
          const detail = document.createElement("span");
          detail.className = "lookup__detail";
          detail.textContent = item.detail;
          option.append(detail);
        }
        // Keep the focus in the box: a click must not blur it first.
        option.addEventListener("mousedown", (event) => event.preventDefault());
        option.addEventListener("click", () => choose(i));
        list.append(option);
      });
      if (results.length) {
        list.hidden = false;
        box.setAttribute("aria-expanded", "true");
        announce(root.dataset.lookupSome.replace("%(count)s", results.length));
      } else {
        close();
        announce(root.dataset.lookupNone);
      }
      active = -1;
    }

    function changed() {
      // One change event for the form (an HTMX form filters on it), from the hidden input.
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function choose(index) {
      const item = items[index];
      if (!item) return;
      hidden.value = item.value;
      box.value = item.text;
      chosenText = item.text;
      box.removeAttribute("name");
      close();
      changed();
    }

    function fetchSuggestions() {
      const query = box.value.trim();
      if (controller) controller.abort();
      if (!query) {
        show([]);
        announce("");
        return;
      }
      controller = new AbortController();
      const url = new URL(root.dataset.lookup, window.location.href);
      url.searchParams.set("q", query);
      fetch(url, { headers: { Accept: "application/json" }, signal: controller.signal, credentials: "same-origin" })
        .then((response) => {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then((data) => show(data.results || []))
        .catch((error) => {
          if (error.name === "AbortError") return;
          close();
          announce(root.dataset.lookupFailed);
        });
    }

    box.addEventListener("input", () => {
      if (box.value !== chosenText) {
        // Typing over a choice drops it; the typed text is what the form sends until a new choice.
        hidden.value = "";
        chosenText = null;
        box.name = textName;
      }
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY_MS);
    });

    // The box's own change (on leaving it) is not a choice: the form hears of a choice from the
    // hidden input, and of an emptied box here.
    box.addEventListener("change", (event) => {
      event.stopPropagation();
      if (!box.value.trim() && !hidden.value) {
        box.name = textName;
        changed();
      }
    });

    box.addEventListener("keydown", (event) => {
      const open = !list.hidden && items.length > 0;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) {
          fetchSuggestions();
          return;
        }
        highlight(active + 1 >= items.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp") {
        if (!open) return;
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          choose(active);
        } else if (open && items.length === 1) {
          event.preventDefault();
          choose(0);
        }
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
        } else if (box.value) {
          event.preventDefault();
          box.value = "";
          hidden.value = "";
          chosenText = null;
          box.name = textName;
        }
      }
    });

    box.addEventListener("blur", () => setTimeout(close, 100));
  }

  function setUpAll(scope) {
    scope.querySelectorAll("[data-lookup]:not([data-lookup-ready])").forEach((root) => {
      root.setAttribute("data-lookup-ready", "");
      setUp(root);
    });
  }

  document.addEventListener("DOMContentLoaded", () => setUpAll(document));
  // Forms HTMX swaps in get theirs too.
  document.addEventListener("htmx:load", (event) => setUpAll(event.target));
})();
