// Keyboard control of the queue tabs: j/k move between cards, a approves, r rejects, the number
// keys toggle the current card's reasons, x selects a card (a/r then decide the selection), u
// undoes the latest decision while the server still allows it. Loaded from a file: the CSP
// forbids inline script.
(function () {
  "use strict";
  var undoForm = document.getElementById("undo");
  if (undoForm) {
    // The server refuses a late undo anyway; hiding the offer just says so in time.
    window.setTimeout(function () {
      undoForm.hidden = true;
    }, Number(undoForm.dataset.seconds) * 1000);
  }
  var bulkForm = document.getElementById("bulk");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".queue-card"));
  var current = 0;

  function select(index) {
    current = Math.max(0, Math.min(cards.length - 1, index));
    cards.forEach(function (card, n) {
      card.classList.toggle("current", n === current);
      if (n === current) {
        card.setAttribute("aria-current", "true");
      } else {
        card.removeAttribute("aria-current");
      }
    });
    cards[current].focus({ preventScroll: true });
    cards[current].scrollIntoView({ block: "nearest" });
  }

  function selection() {
    return cards.filter(function (card) {
      var box = card.querySelector("input[name=comments]");
      return box && box.checked;
    });
  }

  function decide(decision) {
    var form = selection().length > 0 ? bulkForm : cards[current].querySelector("form.decision");
    if (form) {
      form.requestSubmit(form.querySelector('button[value="' + decision + '"]'));
    }
  }

  function toggleSelected() {
    var box = cards[current].querySelector("input[name=comments]");
    if (box) {
      box.checked = !box.checked;
      cards[current].classList.toggle("selected", box.checked);
    }
  }

  function toggleReason(number) {
    var boxes = cards[current].querySelectorAll('input[name="reasons"]');
    if (number >= 1 && number <= boxes.length) {
      boxes[number - 1].checked = !boxes[number - 1].checked;
    }
  }

  function undo() {
    if (undoForm && !undoForm.hidden) {
      undoForm.requestSubmit();
    }
  }

  var actions = {
    j: function () { select(current + 1); },
    k: function () { select(current - 1); },
    a: function () { decide("approve"); },
    r: function () { decide("reject"); },
    x: toggleSelected,
  };

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) {
      return;
    }
    if (event.target.closest("select, textarea, input:not([type=checkbox])")) {
      return;
    }
    if (event.key === "u") {
      undo();
    } else if (cards.length === 0) {
      return;
    } else if (actions[event.key]) {
      actions[event.key]();
    } else if (/^[1-9]$/.test(event.key)) {
      toggleReason(Number(event.key));
    } else {
      return;
    }
    event.preventDefault();
  });

  cards.forEach(function (card, n) {
    card.addEventListener("focusin", function () {
      if (n !== current) {
        select(n);
      }
    });
    var box = card.querySelector("input[name=comments]");
    if (box) {
      box.addEventListener("change", function () {
        card.classList.toggle("selected", box.checked);
      });
    }
  });
  if (cards.length > 0) {
    select(0);
  }
})();
