// Quiz attempt page, progressive enhancement: the page works without this script.
// - The countdown: tells the time left once a minute (the live region must not chatter), and
//   submits the attempt through the Finish button when the time is up; the server enforces the
//   limit whatever this script does.
// - Autosave: each change of an answer posts the page's form in the background, so a closed
//   browser or a lost connection loses nothing.
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  if (!form) {
    return;
  }
  var finishButton = form.querySelector("[data-finish]");
  var isLeaving = false;

  function submitWith(button) {
    isLeaving = true;
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit(button);
      return;
    }
    form.action = button.formAction;
    form.submit();
  }

  form.addEventListener("submit", function () {
    isLeaving = true;
  });

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
        if (!isLeaving && finishButton) {
          submitWith(finishButton);
        }
      }
    }, 1000);
  }

  var timer = document.querySelector(".quiz-timer[data-seconds-left]");
  if (timer) {
    startCountdown(timer);
  }

  var pending = null;

  function autosave() {
    if (isLeaving) {
      return;
    }
    var data = new FormData(form);
    var token = data.get("csrf_token");
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Autosave": "1", "X-CSRFToken": token || "" }
    }).then(function (response) {
      // 409: the attempt was closed (finished elsewhere or out of time); reloading shows why.
      if (response.status === 409 && !isLeaving) {
        window.location.reload();
      }
    }).catch(function () {
      // Offline: the answers are still in the page and go with the next button pressed.
    });
  }

  function saveSoon(delay) {
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
