// Keyboard control of the review queue: j/k move between cards, a approves, r rejects, and the
// number keys toggle the current card's reasons. Loaded from a file: the CSP forbids inline script.
(function () {
  "use strict";
  var cards = Array.prototype.slice.call(document.querySelectorAll(".queue-card"));
  if (cards.length === 0) {
    return;
  }
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

  function decide(decision) {
    var form = cards[current].querySelector("form.decision");
    form.requestSubmit(form.querySelector('button[value="' + decision + '"]'));
  }

  function toggleReason(number) {
    var boxes = cards[current].querySelectorAll('input[name="reasons"]');
    if (number >= 1 && number <= boxes.length) {
      boxes[number - 1].checked = !boxes[number - 1].checked;
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) {
      return;
    }
    if (event.target.closest("select, textarea, input:not([type=checkbox])")) {
      return;
    }
    if (event.key === "j") {
      select(current + 1);
    } else if (event.key === "k") {
      select(current - 1);
    } else if (event.key === "a") {
      decide("approve");
    } else if (event.key === "r") {
      decide("reject");
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
  });
  select(0);
})();
