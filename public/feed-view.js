/*
 * The browser view of our RSS and Atom feeds, without XSLT: the feed names this script in an XHTML <script> element,
 * and it replaces the XML on screen with a right-to-left Arabic page (title, "this is a feed" note with its address,
 * items with linked titles and Hijri + Gregorian dates as on the headline page). It reads only the document it runs
 * in: no network request, no inline style or script, so the feed's strict CSP holds. Plain script, no build.
 */
'use strict';

(function () {
  var XHTML = 'http://www.w3.org/1999/xhtml';
  var ATOM = 'http://www.w3.org/2005/Atom';
  var NOTE = 'هذه خلاصة RSS/Atom — انسخ الرابط إلى قارئ الخلاصات.';
  var EXPLAIN = 'الخلاصة صفحة تقرؤها البرامج لا البشر: يتابع قارئ الخلاصات هذا الرابط ويعرض لك كل خبر جديد فور نشره.';
  // The element that loaded us, read now: document.currentScript is only set while the script first runs.
  var self = document.currentScript;
  var timeZone = (self && self.getAttribute('data-time-zone')) || undefined;

  /** An XHTML element with attributes and children (strings become text, never markup). */
  function h(name, attrs, children) {
    var el = document.createElementNS(XHTML, name);
    Object.keys(attrs || {}).forEach(function (key) {
      if (attrs[key] !== undefined && attrs[key] !== null) el.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child === undefined || child === null || child === '') return;
      el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return el;
  }

  /** The feed's icon as the tab's, when it is on this site: the view makes no request elsewhere. */
  function sameOriginUrl(value) {
    try {
      var url = new URL(value, location.href);
      return url.origin === location.origin ? url.href : undefined;
    } catch (e) {
      return undefined;
    }
  }

  /** Only absolute http(s) links become hrefs: the feed already guarantees it, and the view does not rely on that. */
  function safeHref(value) {
    return value && /^https?:\/\//i.test(value.trim()) ? value.trim() : undefined;
  }

  function childrenNamed(parent, ns, name) {
    return Array.prototype.filter.call(parent.children, function (el) {
      return el.localName === name && (el.namespaceURI || null) === ns;
    });
  }

  function text(parent, ns, name) {
    var found = childrenNamed(parent, ns, name)[0];
    return found ? found.textContent.trim() : '';
  }

  function atomLink(parent, rel) {
    var links = childrenNamed(parent, ATOM, 'link').filter(function (link) {
      return (link.getAttribute('rel') || 'alternate') === rel;
    });
    return links.length ? links[0].getAttribute('href') : undefined;
  }

  /** RSS descriptions are HTML (ours: an escaped plain-text summary); an inert HTML document gives back the text. */
  function htmlToText(html) {
    if (!html) return '';
    return new DOMParser().parseFromString(html, 'text/html').body.textContent.trim();
  }

  function readRss(rss) {
    var channel = childrenNamed(rss, null, 'channel')[0];
    if (!channel) return undefined;
    return {
      title: text(channel, null, 'title'),
      description: htmlToText(text(channel, null, 'description')),
      home: text(channel, null, 'link'),
      self: atomLink(channel, 'self'),
      icon: (childrenNamed(channel, null, 'image')[0] && text(childrenNamed(channel, null, 'image')[0], null, 'url')) || undefined,
      items: childrenNamed(channel, null, 'item').map(function (item) {
        return {
          title: text(item, null, 'title'),
          link: text(item, null, 'link'),
          date: text(item, null, 'pubDate'),
          summary: htmlToText(text(item, null, 'description')),
        };
      }),
    };
  }

  function readAtom(feed) {
    return {
      title: text(feed, ATOM, 'title'),
      description: text(feed, ATOM, 'subtitle'),
      home: atomLink(feed, 'alternate'),
      self: atomLink(feed, 'self'),
      icon: text(feed, ATOM, 'icon') || undefined,
      items: childrenNamed(feed, ATOM, 'entry').map(function (entry) {
        return {
          title: text(entry, ATOM, 'title'),
          link: atomLink(entry, 'alternate'),
          date: text(entry, ATOM, 'published') || text(entry, ATOM, 'updated'),
          summary: text(entry, ATOM, 'summary'),
        };
      }),
    };
  }

  /** The same Intl settings as lib/pages/dates.ts: Umm al-Qura Hijri, Levantine Gregorian, 24-hour clock, Latin digits. */
  function arabicDates(value) {
    var date = new Date(value);
    if (!value || isNaN(date.getTime())) return undefined;
    var dayMonthYear = { day: 'numeric', month: 'long', year: 'numeric', timeZone: timeZone, numberingSystem: 'latn' };
    try {
      return {
        iso: date.toISOString(),
        hijri: new Intl.DateTimeFormat('ar-SA-u-ca-islamic-umalqura', dayMonthYear).format(date),
        gregorian: new Intl.DateTimeFormat('ar-SY', Object.assign({ calendar: 'gregory' }, dayMonthYear)).format(date),
        time: new Intl.DateTimeFormat('ar', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: timeZone, numberingSystem: 'latn' }).format(date),
      };
    } catch (e) {
      return undefined; // an unknown time zone: leave the date out rather than break the page
    }
  }

  function timeElement(value) {
    var d = arabicDates(value);
    if (!d) return undefined;
    return h('time', { class: 'published', datetime: d.iso }, [
      h('span', { class: 'hijri' }, [d.hijri]), ' ',
      h('span', { class: 'date-sep' }, ['الموافق']), ' ',
      h('span', { class: 'gregorian' }, [d.gregorian]), ' ',
      h('span', { class: 'clock', dir: 'ltr' }, [d.time]),
    ]);
  }

  function copyButton(address, code) {
    var button = h('button', { type: 'button', class: 'copy' }, ['انسخ الرابط']);
    button.addEventListener('click', function () {
      var done = function () { button.textContent = 'نُسخ الرابط'; };
      var select = function () {
        var range = document.createRange();
        range.selectNodeContents(code);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        button.textContent = 'حُدد الرابط: انسخه';
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(address).then(done, select);
      else select();
    });
    return button;
  }

  function page(feed) {
    var address = safeHref(feed.self) || location.href;
    var code = h('code', { dir: 'ltr', class: 'address' }, [address]);
    var note = h('section', { class: 'note', 'aria-label': 'ما هذه الصفحة' }, [
      h('p', { class: 'note-title' }, [NOTE]),
      h('p', {}, [EXPLAIN]),
      h('p', { class: 'address-line' }, ['الرابط: ', code, ' ', copyButton(address, code)]),
    ]);
    var home = safeHref(feed.home);
    var items = feed.items.map(function (item) {
      var href = safeHref(item.link);
      var title = href ? h('a', { href: href }, [item.title]) : item.title;
      return h('li', { class: 'item' }, [
        h('h2', { dir: 'auto' }, [title]),
        timeElement(item.date),
        item.summary ? h('p', { class: 'summary', dir: 'auto' }, [item.summary]) : undefined,
      ]);
    });
    var list = items.length ? h('ol', { class: 'items' }, items) : h('p', { class: 'empty' }, ['لا توجد أخبار بعد.']);
    return h('html', { dir: 'rtl', lang: 'ar' }, [
      h('head', {}, [
        h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
        h('title', {}, [feed.title]),
        feed.icon && sameOriginUrl(feed.icon) ? h('link', { rel: 'icon', href: sameOriginUrl(feed.icon) }) : undefined,
      ]),
      h('body', {}, [
        h('main', {}, [
          note,
          h('h1', {}, [feed.title]),
          feed.description && feed.description !== feed.title ? h('p', { class: 'description' }, [feed.description]) : undefined,
          home ? h('p', { class: 'home' }, [h('a', { href: home }, ['الموقع'])]) : undefined,
          list,
        ]),
      ]),
    ]);
  }

  function render() {
    var root = document.documentElement;
    if (!root || root.namespaceURI === XHTML) return; // already shown, or not a feed
    var feed = root.localName === 'rss' && !root.namespaceURI ? readRss(root) : root.localName === 'feed' && root.namespaceURI === ATOM ? readAtom(root) : undefined;
    if (!feed) return;
    document.replaceChild(page(feed), root);
  }

  // The script element sits before the items: wait until the parser has read the whole feed.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', render);
  else render();
})();
