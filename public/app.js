/* Progressive enhancement for the news pages: article font size and the alerts section. Plain script, no build. */
'use strict';

(function () {
  // ---- Font size ("حجم الخط") -------------------------------------------------------------
  // The scale lives in the --article-font-scale custom property on <html>; style.css multiplies
  // the article body's font size by it. Setting it through CSSOM is allowed under style-src 'self'.

  var FONT_SCALE_KEY = 'article-font-scale';
  var FONT_SCALE_STEP = 0.1;
  var FONT_SCALE_MIN = 0.8;
  var FONT_SCALE_MAX = 1.6;

  function clampScale(value) {
    var rounded = Math.round(value * 100) / 100;
    return Math.min(FONT_SCALE_MAX, Math.max(FONT_SCALE_MIN, rounded));
  }

  // localStorage throws in some private modes and when storage is disabled: the control still works
  // for this page, it just is not remembered.
  function readStoredScale() {
    try {
      var stored = Number(window.localStorage.getItem(FONT_SCALE_KEY));
      return stored > 0 ? clampScale(stored) : 1;
    } catch (e) {
      return 1;
    }
  }

  function storeScale(scale) {
    try {
      if (scale === 1) window.localStorage.removeItem(FONT_SCALE_KEY);
      else window.localStorage.setItem(FONT_SCALE_KEY, String(scale));
    } catch (e) {
      /* not persisted; see readStoredScale */
    }
  }

  function applyScale(scale) {
    document.documentElement.style.setProperty('--article-font-scale', String(scale));
  }

  function setupFontSize() {
    var scale = readStoredScale();
    applyScale(scale);
    var controls = document.querySelectorAll('.font-size-control');
    Array.prototype.forEach.call(controls, function (control) {
      control.hidden = false;
      control.addEventListener('click', function (event) {
        var button = event.target instanceof Element ? event.target.closest('[data-font-size]') : null;
        if (!button) return;
        var action = button.getAttribute('data-font-size');
        if (action === 'increase') scale = clampScale(scale + FONT_SCALE_STEP);
        else if (action === 'decrease') scale = clampScale(scale - FONT_SCALE_STEP);
        else if (action === 'reset') scale = 1;
        applyScale(scale);
        storeScale(scale);
      });
    });
  }

  // ---- Alerts (Web Push) ------------------------------------------------------------------
  // The server renders <section id="alerts" hidden data-vapid-public-key="…"> with topic
  // checkboxes (name="topic"), the #alerts-enable button and the #alerts-status live region.

  var UNSUPPORTED_MESSAGE = 'متصفحك لا يدعم التنبيهات';

  function pushSupported() {
    return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  }

  function setStatus(section, message) {
    var status = section.querySelector('[role="status"]');
    if (status) status.textContent = message;
  }

  /**
   * Wires the alerts section: the push subscription is wired by the push module, which fills in
   * this function (register the service worker, subscribe with the key in
   * section.dataset.vapidPublicKey, send the subscription and the checked topics to the server,
   * report progress with setStatus). Until then it deliberately does nothing: no subscription is made.
   */
  function setupAlerts(section) {
    void section;
  }

  function initAlerts() {
    var section = document.getElementById('alerts');
    // No key means push is not configured on this server: keep the section hidden.
    if (!section || !section.dataset.vapidPublicKey) return;
    section.hidden = false;
    if (!pushSupported()) {
      var controls = section.querySelector('.alerts-controls');
      if (controls) controls.hidden = true;
      setStatus(section, UNSUPPORTED_MESSAGE);
      return;
    }
    setupAlerts(section);
  }

  // ---- Start --------------------------------------------------------------------------------
  // The script is loaded with defer, so the document is parsed by now.
  setupFontSize();
  initAlerts();
})();
