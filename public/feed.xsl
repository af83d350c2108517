<?xml version="1.0" encoding="UTF-8"?>
<!-- Renders our RSS 2.0 and Atom 1.0 feeds as a readable right-to-left Arabic page in a browser. XSLT 1.0, no JavaScript. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  exclude-result-prefixes="atom dc">

  <xsl:output method="html" encoding="UTF-8" indent="yes"
    doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <xsl:variable name="title" select="rss/channel/title | atom:feed/atom:title"/>
    <html dir="rtl" lang="ar">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/></title>
        <style>
          body { font-family: "Noto Naskh Arabic", "Geeza Pro", Tahoma, sans-serif; line-height: 1.7;
                 max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; background: #fff; }
          .note { background: #fff8e1; border: 1px solid #f0c36d; border-radius: .5rem; padding: .75rem 1rem; }
          .note code { direction: ltr; unicode-bidi: embed; word-break: break-all; }
          ol { list-style: none; padding: 0; }
          li { border-bottom: 1px solid #e5e5e5; padding: .75rem 0; }
          li a { font-size: 1.15rem; font-weight: bold; text-decoration: none; color: #0b5394; }
          time { display: block; color: #666; font-size: .9rem; direction: ltr; unicode-bidi: isolate; text-align: right; }
          p.summary { margin: .25rem 0 0; }
        </style>
      </head>
      <body>
        <p class="note">
          هذه خلاصة RSS/Atom — انسخ الرابط إلى قارئ الخلاصات.
          الخلاصة صفحة تقرؤها البرامج لا البشر: يتابع قارئ الخلاصات هذا الرابط ويعرض لك كل خبر جديد فور نشره.
          <xsl:variable name="self" select="(rss/channel/atom:link | atom:feed/atom:link)[@rel='self'][1]/@href"/>
          <xsl:if test="$self">
            <br/>الرابط: <code><xsl:value-of select="$self"/></code>
          </xsl:if>
        </p>
        <h1><xsl:value-of select="$title"/></h1>
        <p><xsl:value-of select="rss/channel/description | atom:feed/atom:subtitle"/></p>
        <ol>
          <xsl:apply-templates select="rss/channel/item | atom:feed/atom:entry"/>
        </ol>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <a href="{link}"><xsl:value-of select="title"/></a>
      <time><xsl:value-of select="pubDate"/></time>
      <xsl:if test="description">
        <p class="summary"><xsl:value-of select="description"/></p>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <xsl:variable name="date">
      <xsl:choose>
        <xsl:when test="atom:published"><xsl:value-of select="atom:published"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="atom:updated"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <li>
      <a href="{atom:link[@rel='alternate' or not(@rel)][1]/@href}"><xsl:value-of select="atom:title"/></a>
      <!-- 2020-07-08T18:57:00Z shown as "2020-07-08 18:57 UTC". -->
      <time datetime="{$date}">
        <xsl:value-of select="concat(substring($date, 1, 10), ' ', substring($date, 12, 5), ' UTC')"/>
      </time>
      <xsl:if test="atom:summary">
        <p class="summary"><xsl:value-of select="atom:summary"/></p>
      </xsl:if>
    </li>
  </xsl:template>
</xsl:stylesheet>
