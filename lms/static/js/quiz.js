// Quiz attempt page, progressive enhancement: the page works without this script.
// - The countdown: tells the time left once a minute (the live region must not chatter), and
//   submits the attempt through the Finish button when the time is up; the server enforces the
//   limit whatever this script does.
// - Autosave: each change of an answer posts the page's form in the background, so a closed
//   browser or a lost connection loses nothing. Saves go one at a time, and a button's submit
//   waits for the one under way: a save the server handled late would overwrite newer answers.
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  if (!form) {
    return;
  }
  var finishButton = form.querySelector("[data-finish]");
  // A save that hangs must not hold the trainee's button press for ever.
  var SAVE_TIMEOUT_MS = 10000;
  var isLeaving = false; // a submit is under way: no more saves
  var isReleased = false; // the submit below is ours, after the saves settled
  var saving = null; // the save under way (a promise that never rejects), or null
  var pending = null; // the timer of the next save

  function describe(seconds) {
    if (seconds <= 0) {
      return "Time is up: submitting your answers.";
    }
    if (seconds < 60) {
      return "Time left: less than a minute";
    }
    var minutes = Math.ceil(seconds / 60);
    return "Time left: " + minutes + (minutes === 1 ? " minute" : " minutes");
  }

  // Submit as ``button`` would, without running the submit handler below again.
  function release(button) {
    isReleased = true;
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit(button || undefined);
      return;
    }
    if (button) {
      if (button.name) {
        var value = document.createElement("input");
        value.type = "hidden";
        value.name = button.name;
        value.value = button.value;
        form.appendChild(value);
      }
      form.action = button.formAction || form.action;
    }
    form.submit();
  }

  function submitAfterSaving(button) {
    if (isLeaving) {
      return; // a double click: the first press is already on its way
    }
    isLeaving = true;
    window.clearTimeout(pending);
    if (saving) {
      saving.then(function () {
        release(button);
      });
    } else {
      release(button);
    }
  }

  var clicked = null; // for browsers that do not tell a submit event its button
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[type=submit], input[type=submit]");
    if (button) {
      clicked = button;
    }
  });

  form.addEventListener("submit", function (event) {
    if (isReleased) {
      return;
    }
    if (!saving && !isLeaving) {
      // Nothing to wait for: let this submit go. (Stopping it to submit again from here would
      // do nothing: a form ignores requestSubmit while it fires its own submit event.)
      isLeaving = true;
      window.clearTimeout(pending);
      return;
    }
    event.preventDefault();
    submitAfterSaving(event.submitter || clicked);
  });
  // Back to this page from the browser's history: it is a live page again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      isLeaving = false;
      isReleased = false;
    }
  });

  function startCountdown(timer) {
    var left = timer.querySelector(".quiz-timer__left");
    var endsAt = Date.now() + Number(timer.dataset.secondsLeft) * 1000;
    var shown = left.textContent;
    var tick = window.setInterval(function () {
      var seconds = Math.round((endsAt - Date.now()) / 1000);
      var text = describe(seconds);
      if (text !== shown) {
        shown = text;
        left.textContent = text;
      }
      if (seconds <= 0) {
        window.clearInterval(tick);
        if (finishButton) {
          submitAfterSaving(finishButton);
        }
      }
    }, 1000);
  }

  var timer = document.querySelector(".quiz-timer[data-seconds-left]");
  if (timer) {
    startCountdown(timer);
  }

  function post() {
    if (isLeaving) {
      return Promise.resolve();
    }
    var data = new FormData(form); // read now, after the previous save: the newest answers
    var token = data.get("csrf_token");
    var options = {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Autosave": "1", "X-CSRFToken": token || "" }
    };
    var timeout = null;
    if (typeof AbortController === "function") {
      var controller = new AbortController();
      options.signal = controller.signal;
      timeout = window.setTimeout(function () {
        controller.abort();
      }, SAVE_TIMEOUT_MS);
    }
    return fetch(form.action, options).then(function (response) {
      // 409: the attempt was closed (finished elsewhere or out of time); reloading shows why.
      if (response.status === 409 && !isLeaving) {
        window.location.reload();
      }
    }).catch(function () {
      // Offline: the answers are still in the page and go with the next button pressed.
    }).then(function () {
      window.clearTimeout(timeout);
    });
  }

  function autosave() {
    if (isLeaving) {
      return;
    }
    var previous = saving || Promise.resolve();
    var current = previous.then(post);
    saving = current;
    current.then(function () {
      if (saving === current) {
        saving = null;
      }
    });
  }

  function saveSoon(delay) {
    if (isLeaving) {
      return;
    }
    window.clearTimeout(pending);
    pending = window.setTimeout(autosave, delay);
  }

  form.addEventListener("change", function () {
    saveSoon(300);
  });
  // Long answers are typed for minutes before a change event: save them after a pause too.
  form.addEventListener("input", function () {
    saveSoon(3000);
  });
})();
