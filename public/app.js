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

  /**
   * Where this browser keeps its push subscription, or null when it has none to offer.
   * `window.pushManager` (Declarative Web Push, Safari 18.4+) needs no service worker; elsewhere the
   * subscription lives on the /sw.js registration. Both give the same PushSubscription (a window
   * subscription has scope "/", as the worker's registration does), so one is found by the other.
   * `win` is a parameter so tests can hand in a stand-in window.
   */
  function choosePushSource(win) {
    if (!('Notification' in win)) return null;
    if (win.pushManager && typeof win.pushManager.subscribe === 'function') {
      var manager = Promise.resolve(win.pushManager);
      return { kind: 'declarative', manager: function () { return manager; } };
    }
    if (!('serviceWorker' in win.navigator) || !('PushManager' in win)) return null;
    var registration = win.navigator.serviceWorker.register('/sw.js', { scope: '/' });
    // Keep the rejection handled here; each use reports it in context.
    registration.catch(function () {});
    return {
      kind: 'service-worker',
      manager: function () {
        return registration.then(function (reg) {
          return reg.pushManager;
        });
      },
    };
  }

  /** iPhone, iPod, or an iPad (which calls itself a Mac but has a touch screen). */
  function isAppleMobile(win) {
    var nav = win.navigator;
    return /iPhone|iPad|iPod/.test(nav.userAgent || '') || (nav.platform === 'MacIntel' && nav.maxTouchPoints > 1);
  }

  /** Opened from the Home Screen: the only place iOS lets a site ask for push. */
  function isInstalledApp(win) {
    return win.navigator.standalone === true || (typeof win.matchMedia === 'function' && win.matchMedia('(display-mode: standalone)').matches);
  }

  function setStatus(section, message) {
    var status = section.querySelector('[role="status"]');
    if (status) status.textContent = message;
  }

  // Test hook (see tests/e2e/push.e2e.test.ts): a positive number of milliseconds stored under this
  // localStorage key replaces the subscribe timeout, so a test need not wait the full 10 s.
  var SUBSCRIBE_TIMEOUT_KEY = 'news-alerts:subscribe-timeout-ms';
  var SUBSCRIBE_TIMEOUT_MS = 10000;
  // The last topics and time zone, for the service worker to keep when it renews a subscription.
  var PREFS_CACHE = 'news-alerts';
  var PREFS_URL = '/news-alerts/prefs.json';
  var SUBSCRIPTIONS_API = '/api/push/subscriptions';

  var MESSAGES = {
    blocked: 'التنبيهات محظورة في إعدادات المتصفح',
    notGranted: 'لم تُمنح الموافقة على التنبيهات',
    working: 'جارٍ تفعيل التنبيهات…',
    enabled: 'تم تفعيل التنبيهات',
    disabling: 'جارٍ إيقاف التنبيهات…',
    disabled: 'تم إيقاف التنبيهات',
    timeout: 'تعذّر الوصول إلى خدمة التنبيهات في المتصفح، حاول مرة أخرى لاحقاً',
    subscribeFailed: 'تعذّر تفعيل التنبيهات في هذا المتصفح',
    noWorker: 'تعذّر تجهيز التنبيهات في هذا المتصفح',
    tooMany: 'محاولات كثيرة، حاول مرة أخرى بعد قليل',
    saveFailed: 'تعذّر حفظ الاشتراك',
    network: 'تعذّر الاتصال بالخادم، تحقق من اتصالك وحاول مرة أخرى',
    unsubscribeFailed: 'تعذّر إيقاف التنبيهات، حاول مرة أخرى',
    updated: 'تم حفظ الأقسام',
    expired: 'انتهى اشتراك هذا المتصفح، فعّل التنبيهات من جديد',
  };
  var DISABLE_LABEL = 'إيقاف التنبيهات';
  var SUMMARY = {
    all: 'تصلك تنبيهات كل الأقسام.',
    some: 'تصلك تنبيهات هذه الأقسام: ',
    unknown: 'التنبيهات مفعّلة في هذا المتصفح.',
  };

  function subscribeTimeoutMs() {
    try {
      var override = Number(window.localStorage.getItem(SUBSCRIBE_TIMEOUT_KEY));
      if (override > 0) return override;
    } catch (e) {
      /* storage unavailable: use the default */
    }
    return SUBSCRIBE_TIMEOUT_MS;
  }

  /** Settles like `promise`, or rejects with a TimeoutError after `ms`: an offline browser may never answer. */
  function withTimeout(promise, ms) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () {
        var error = new Error('timed out after ' + ms + ' ms');
        error.name = 'TimeoutError';
        reject(error);
      }, ms);
      promise.then(
        function (value) {
          clearTimeout(timer);
          resolve(value);
        },
        function (error) {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  function base64UrlToBytes(text) {
    var base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    var binary = window.atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function checkedTopics(section) {
    var boxes = section.querySelectorAll('input[name="topic"]:checked');
    return Array.prototype.map.call(boxes, function (box) {
      return box.value;
    });
  }

  function timeZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
    } catch (e) {
      return undefined;
    }
  }

  // Older Safari takes a callback and returns nothing; newer browsers return a promise.
  function requestPermission() {
    return new Promise(function (resolve) {
      var result = Notification.requestPermission(resolve);
      if (result && typeof result.then === 'function') result.then(resolve, function () {
        resolve(Notification.permission);
      });
    });
  }

  /** The topics last saved from this browser, or null when it does not know them (storage cleared). */
  function readPrefs() {
    if (!('caches' in window)) return Promise.resolve(null);
    return caches
      .match(PREFS_URL)
      .then(function (response) {
        return response ? response.json() : null;
      })
      .catch(function () {
        return null;
      });
  }

  function storePrefs(prefs) {
    if (!('caches' in window)) return Promise.resolve();
    return caches
      .open(PREFS_CACHE)
      .then(function (cache) {
        return cache.put(PREFS_URL, new Response(JSON.stringify(prefs), { headers: { 'content-type': 'application/json' } }));
      })
      .catch(function () {
        /* a renewed subscription then follows every topic; nothing to tell the reader */
      });
  }

  /** The problem+json detail of a refused request, in the reader's language where we know the cause. */
  function problemMessage(response) {
    if (response.status === 429) return Promise.resolve(MESSAGES.tooMany);
    return response
      .json()
      .then(function (problem) {
        var detail = problem && (problem.detail || problem.title);
        return typeof detail === 'string' && detail ? MESSAGES.saveFailed + ': ' + detail : MESSAGES.saveFailed;
      })
      .catch(function () {
        return MESSAGES.saveFailed;
      });
  }

  /**
   * Alerts controller for one #alerts section. `source` is choosePushSource's answer.
   * `saveSubscription(subscription)` takes a PushSubscription or its toJSON() shape, sends it with
   * the checked topics and the time zone to POST /api/push/subscriptions, reports the outcome in
   * the status line and resolves to `{ ok, status }`. The e2e test calls it through
   * window.newsAlerts, because an offline browser never completes pushManager.subscribe.
   */
  function createAlerts(section, source) {
    var button = section.querySelector('#alerts-enable');
    var update = section.querySelector('#alerts-update');
    var current = section.querySelector('#alerts-current');
    var enableLabel = button.textContent;

    function setTopics(topics) {
      var wanted = topics || [];
      Array.prototype.forEach.call(section.querySelectorAll('input[name="topic"]'), function (box) {
        box.checked = wanted.indexOf(box.value) !== -1;
      });
    }

    /** Subscribed: say which sections arrive, offer to save a new choice or stop; `topics` null = unknown. */
    function showSubscribed(topics) {
      button.dataset.action = 'unsubscribe';
      button.textContent = DISABLE_LABEL;
      if (update) update.hidden = false;
      if (topics) setTopics(topics);
      if (current) {
        current.textContent = !topics ? SUMMARY.unknown : topics.length ? SUMMARY.some + topics.join('، ') : SUMMARY.all;
        current.hidden = false;
      }
    }

    function showUnsubscribed() {
      button.dataset.action = 'subscribe';
      button.textContent = enableLabel;
      if (update) update.hidden = true;
      if (current) {
        current.hidden = true;
        current.textContent = '';
      }
    }

    function saveSubscription(subscription, successMessage) {
      var body = typeof subscription.toJSON === 'function' ? subscription.toJSON() : subscription;
      var prefs = { topics: checkedTopics(section), timeZone: timeZone() };
      var payload = { endpoint: body.endpoint, expirationTime: body.expirationTime || null, keys: body.keys, topics: prefs.topics };
      if (prefs.timeZone) payload.timeZone = prefs.timeZone;
      return fetch(SUBSCRIPTIONS_API, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json' },
        body: JSON.stringify(payload),
        credentials: 'same-origin',
      }).then(
        function (response) {
          if (response.ok) {
            showSubscribed(prefs.topics);
            setStatus(section, successMessage || MESSAGES.enabled);
            return storePrefs(prefs).then(function () {
              return { ok: true, status: response.status };
            });
          }
          return problemMessage(response).then(function (message) {
            setStatus(section, message);
            return { ok: false, status: response.status };
          });
        },
        function () {
          setStatus(section, MESSAGES.network);
          return { ok: false, status: 0 };
        },
      );
    }

    function subscribe() {
      // requestPermission must start inside the click: browsers only ask on a user gesture.
      var permission = requestPermission();
      button.disabled = true;
      return permission
        .then(function (state) {
          if (state === 'denied') {
            setStatus(section, MESSAGES.blocked);
            return;
          }
          if (state !== 'granted') {
            button.disabled = false;
            setStatus(section, MESSAGES.notGranted);
            return;
          }
          setStatus(section, MESSAGES.working);
          return source.manager().then(function (manager) {
            var subscribing = manager.getSubscription().then(function (existing) {
              return (
                existing ||
                manager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(section.dataset.vapidPublicKey) })
              );
            });
            return withTimeout(subscribing, subscribeTimeoutMs()).then(
              function (subscription) {
                return saveSubscription(subscription);
              },
              function (error) {
                setStatus(section, error && error.name === 'TimeoutError' ? MESSAGES.timeout : MESSAGES.subscribeFailed);
              },
            );
          });
        })
        .catch(function () {
          setStatus(section, MESSAGES.noWorker);
        })
        .then(function () {
          if (Notification.permission !== 'denied') button.disabled = false;
        });
    }

    /** Sends the newly checked sections for the subscription this browser already has (same endpoint: 200). */
    function saveTopics() {
      update.disabled = true;
      return source
        .manager()
        .then(function (manager) {
          return manager.getSubscription();
        })
        .then(function (subscription) {
          if (subscription) return saveSubscription(subscription, MESSAGES.updated);
          showUnsubscribed();
          setStatus(section, MESSAGES.expired);
        })
        .catch(function () {
          setStatus(section, MESSAGES.saveFailed);
        })
        .then(function () {
          update.disabled = false;
        });
    }

    function unsubscribe() {
      button.disabled = true;
      setStatus(section, MESSAGES.disabling);
      return source
        .manager()
        .then(function (manager) {
          return manager.getSubscription();
        })
        .then(function (subscription) {
          if (!subscription) return;
          var endpoint = subscription.endpoint;
          return subscription.unsubscribe().then(function () {
            return fetch(SUBSCRIPTIONS_API, {
              method: 'DELETE',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ endpoint: endpoint }),
              credentials: 'same-origin',
            });
          });
        })
        .then(
          function () {
            // Once the browser has dropped the subscription the server can no longer reach it,
            // so a failed DELETE only leaves a record the sender will find gone.
            showUnsubscribed();
            setStatus(section, MESSAGES.disabled);
          },
          function () {
            setStatus(section, MESSAGES.unsubscribeFailed);
          },
        )
        .then(function () {
          button.disabled = false;
        });
    }

    button.addEventListener('click', function () {
      if (button.dataset.action === 'unsubscribe') unsubscribe();
      else subscribe();
    });
    if (update) update.addEventListener('click', saveTopics);

    // The browser knows its subscription: show it, with the sections this browser chose last.
    // A failed registration stays silent until the reader clicks.
    source
      .manager()
      .then(function (manager) {
        return manager.getSubscription();
      })
      .then(function (subscription) {
        if (!subscription || Notification.permission !== 'granted') return;
        return readPrefs().then(function (prefs) {
          showSubscribed(prefs && Array.isArray(prefs.topics) ? prefs.topics : null);
        });
      })
      .catch(function () {
        /* reported on click */
      });

    return { saveSubscription: saveSubscription, pushPath: source.kind };
  }

  /** Replaces the controls with the Home Screen hint (iOS offers push only to an installed web app). */
  function showInstallHint(section) {
    var controls = section.querySelector('.alerts-controls');
    var hint = section.querySelector('#alerts-install');
    if (controls) controls.hidden = true;
    if (hint) hint.hidden = false;
    else setStatus(section, UNSUPPORTED_MESSAGE);
  }

  /**
   * Wires the alerts section: picks where the subscription lives, shows when alerts are blocked or
   * need the Home Screen, and turns the buttons into subscribe / save / stop. Exposes the controller
   * as window.newsAlerts (see createAlerts).
   */
  function initAlerts() {
    var section = document.getElementById('alerts');
    // No key means push is not configured on this server: keep the section hidden.
    if (!section || !section.dataset.vapidPublicKey || !section.querySelector('#alerts-enable')) return;
    section.hidden = false;
    if (isAppleMobile(window) && !isInstalledApp(window)) {
      showInstallHint(section);
      return;
    }
    var source = choosePushSource(window);
    if (!source) {
      var controls = section.querySelector('.alerts-controls');
      if (controls) controls.hidden = true;
      setStatus(section, UNSUPPORTED_MESSAGE);
      return;
    }
    var button = section.querySelector('#alerts-enable');
    if (Notification.permission === 'denied') {
      button.disabled = true;
      setStatus(section, MESSAGES.blocked);
    }
    window.newsAlerts = createAlerts(section, source);
  }

  // ---- Sections menu ------------------------------------------------------------------------
  // On a phone the menu is a sideways-scrolling row: bring the current section into view without
  // moving the page (scrollIntoView would scroll the page too).
  function revealCurrentSection() {
    var link = document.querySelector('.categories a[aria-current]');
    var row = link && link.closest('ul');
    if (!row || row.scrollWidth <= row.clientWidth) return;
    var linkBox = link.getBoundingClientRect();
    var rowBox = row.getBoundingClientRect();
    row.scrollLeft += linkBox.left + linkBox.width / 2 - (rowBox.left + rowBox.width / 2);
  }

  // ---- Start --------------------------------------------------------------------------------
  // The script is loaded with defer, so the document is parsed by now.
  setupFontSize();
  revealCurrentSection();
  initAlerts();
})();
