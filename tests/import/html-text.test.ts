import { describe, expect, it } from "vitest";
import { htmlToText } from "../../lib/import/html-text.ts";

describe("htmlToText", () => {
  it("strips tags and decodes entities", () => {
    expect(htmlToText("<p>أ &amp; ب &lt;ج&gt; &quot;د&quot; &#1575;</p>")).toBe('أ & ب <ج> "د" ا');
  });

  it("separates blocks and line breaks with a space", () => {
    expect(htmlToText("<p>أول</p><p>ثان<br>ثالث</p>")).toBe("أول ثان ثالث");
  });

  it("drops script and style content", () => {
    expect(htmlToText("<style>p{}</style>نص<script>alert(1)</script>")).toBe("نص");
  });

  it("collapses whitespace", () => {
    expect(htmlToText("  سطر\n\n   آخر\t ")).toBe("سطر آخر");
  });
});
