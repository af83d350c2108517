/* Service worker: shows each Web Push (a declarative push message, or the previous payload shape) as a right-to-left Arabic notification, opens its link on click, renews a changed subscription. Plain script, no imports. */
'use strict';

// Shown when a push arrives without a usable payload: every push must show something, or browsers
// (Safari on iOS first of all) revoke the subscription.
var FALLBACK_TITLE = 'أنا برس';
var FALLBACK_BODY = 'خبر جديد';

// Where app.js keeps the reader's last topics, so a renewed subscription keeps them (see app.js).
var PREFS_CACHE = 'news-alerts';
var PREFS_URL = '/news-alerts/prefs.json';

function siteRoot() {
  return new URL('/', self.location.origin).href;
}

/** An absolute http(s) URL (relative ones resolve against this origin), or undefined. */
function httpUrl(value) {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    var url = new URL(value, self.location.origin);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch (e) {
    return undefined;
  }
}

function text(value, fallback) {
  return typeof value === 'string' && value.trim() !== '' ? value : fallback;
}

/** Reads the push body as JSON; anything else (no body, plain text, bad JSON) gives an empty object. */
function readPayload(data) {
  if (!data) return {};
  try {
    var parsed = data.json();
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch (e) {
    return {};
  }
}

/** A non-negative integer (a declarative timestamp, ms since the epoch), or undefined. */
function epochMs(value) {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/**
 * Title and options from a declarative push message (lib/push/payload.ts; the Push API draft's "declarative push
 * message", which Safari 18.4+ shows without this worker): the same notification a browser showing it natively
 * would, with `navigate` opened on click. Odd members are left out rather than failing the whole message.
 */
function notificationFromDeclarative(n) {
  var tag = typeof n.tag === 'string' && n.tag !== '' ? n.tag : undefined;
  var options = {
    body: typeof n.body === 'string' ? n.body : '',
    dir: n.dir === 'ltr' || n.dir === 'rtl' || n.dir === 'auto' ? n.dir : 'rtl',
    lang: typeof n.lang === 'string' && n.lang !== '' ? n.lang : 'ar',
    data: { url: httpUrl(n.navigate) || siteRoot() },
  };
  var icon = httpUrl(n.icon);
  var image = httpUrl(n.image);
  var timestamp = epochMs(n.timestamp);
  if (icon) options.icon = icon;
  if (image) options.image = image;
  if (tag) options.tag = tag;
  if (timestamp !== undefined) options.timestamp = timestamp;
  if (typeof n.silent === 'boolean') options.silent = n.silent;
  // renotify without a tag is a TypeError in showNotification.
  if (n.renotify === true && tag) options.renotify = true;
  if (typeof n.requireInteraction === 'boolean') options.requireInteraction = n.requireInteraction;
  return { title: text(n.title, FALLBACK_TITLE), options: options };
}

/**
 * Title and options for showNotification from a decoded payload. Never throws: missing or odd fields fall back to
 * the site name, "خبر جديد" and the home page. A declarative message (`web_push: 8030`) is what the service sends;
 * the flat shape before it ({title, body, url, tag, …}) is still read, for messages queued before a deploy.
 */
function notificationFromPayload(payload) {
  if (payload.web_push === 8030 && payload.notification && typeof payload.notification === 'object') {
    return notificationFromDeclarative(payload.notification);
  }
  var tag = typeof payload.tag === 'string' && payload.tag !== '' ? payload.tag : undefined;
  var breaking = payload.urgency === 'high' || payload.breaking === true;
  var published = typeof payload.publishedAt === 'string' ? Date.parse(payload.publishedAt) : NaN;
  var options = {
    body: text(payload.body, FALLBACK_BODY),
    dir: 'rtl',
    lang: 'ar',
    data: { url: httpUrl(payload.url) || siteRoot() },
    // A second push for the same story replaces the first silently, unless it is breaking news.
    renotify: breaking && !!tag,
  };
  var icon = httpUrl(payload.icon);
  var image = httpUrl(payload.image);
  if (icon) options.icon = icon;
  if (image) options.image = image;
  if (tag) options.tag = tag;
  if (!isNaN(published)) options.timestamp = published;
  return { title: text(payload.title, FALLBACK_TITLE), options: options };
}

/** Shows the notification for one push message (`data` is a PushMessageData, or null). */
function showPush(data) {
  var shown = notificationFromPayload(readPayload(data));
  return self.registration.showNotification(shown.title, shown.options);
}

/**
 * The click logic: closes the notification, then focuses a window already showing its url or opens
 * a new one. `clientsApi` defaults to self.clients; browsers allow focus/openWindow only while a
 * notificationclick is being handled, so the e2e test passes a recording wrapper around the real one.
 */
function openFromNotification(notification, clientsApi) {
  var clients = clientsApi || self.clients;
  notification.close();
  var url = (notification.data && httpUrl(notification.data.url)) || siteRoot();
  return clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (windows) {
    for (var i = 0; i < windows.length; i++) {
      if (windows[i].url === url && 'focus' in windows[i]) return windows[i].focus();
    }
    return clients.openWindow(url);
  });
}

function readPrefs() {
  return caches
    .open(PREFS_CACHE)
    .then(function (cache) {
      return cache.match(PREFS_URL);
    })
    .then(function (response) {
      return response ? response.json() : {};
    })
    .catch(function () {
      return {};
    });
}

function applicationServerKey(oldSubscription) {
  var key = oldSubscription && oldSubscription.options && oldSubscription.options.applicationServerKey;
  if (key) return Promise.resolve(key);
  return fetch('/api/push/vapid-public-key', { credentials: 'same-origin' })
    .then(function (response) {
      if (!response.ok) throw new Error('vapid key: HTTP ' + response.status);
      return response.json();
    })
    .then(function (body) {
      return body.publicKey;
    });
}

function sendJson(method, body) {
  return fetch('/api/push/subscriptions', {
    method: method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
}

/** Renews a subscription the push service replaced: subscribe again, register it, forget the old endpoint. */
function renewSubscription(oldSubscription, newSubscription) {
  var next = newSubscription
    ? Promise.resolve(newSubscription)
    : applicationServerKey(oldSubscription).then(function (key) {
        return self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
      });
  return Promise.all([next, readPrefs()])
    .then(function (results) {
      var body = results[0].toJSON();
      body.topics = Array.isArray(results[1].topics) ? results[1].topics : [];
      body.timeZone = results[1].timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
      return sendJson('POST', body);
    })
    .then(function () {
      if (oldSubscription && oldSubscription.endpoint) return sendJson('DELETE', { endpoint: oldSubscription.endpoint });
    });
}

self.addEventListener('install', function () {
  self.skipWaiting();
});

self.addEventListener('activate', function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('push', function (event) {
  event.waitUntil(
    showPush(event.data).catch(function () {
      // Even a rejected option (a bad image URL, say) must not leave the push without a notification.
      return self.registration.showNotification(FALLBACK_TITLE, { body: FALLBACK_BODY, dir: 'rtl', lang: 'ar', data: { url: siteRoot() } });
    }),
  );
});

self.addEventListener('notificationclick', function (event) {
  event.waitUntil(openFromNotification(event.notification));
});

self.addEventListener('pushsubscriptionchange', function (event) {
  event.waitUntil(renewSubscription(event.oldSubscription, event.newSubscription));
});

// Test hook, documented in tests/e2e/push.e2e.test.ts: the e2e test reaches these through the
// worker (Playwright's worker.evaluate), since no DevTools call clicks a notification.
self.newsAlertsWorker = {
  notificationFromPayload: notificationFromPayload,
  openFromNotification: openFromNotification,
  renewSubscription: renewSubscription,
};
