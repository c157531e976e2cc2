import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF that kefu wrote with pdfkit, for tests. pdfkit shows text as hex glyph ids of a subset font and maps
 * them back to Unicode in each font's ToUnicode CMap; this reads the objects, builds one glyph map per font resource
 * name, then decodes the shown strings in order, following the font switches (`/F2 12 Tf`). Not a general PDF reader.
 */
export function pdfText(pdf: Buffer): string {
  const objects = pdfObjects(pdf);
  const fonts = new Map<string, Map<string, string>>();
  for (const { dict } of objects.values()) {
    for (const m of dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const font = objects.get(Number(m[2]));
      const cmapRef = font?.dict.match(/\/ToUnicode (\d+) 0 R/);
      const cmap = cmapRef && objects.get(Number(cmapRef[1]))?.stream;
      if (cmap) fonts.set(m[1]!, glyphMap(cmap));
    }
  }
  const lines: string[] = [];
  for (const { stream } of objects.values()) {
    if (!stream || !/\bBT\b/.test(stream)) continue;
    let glyphs = new Map<string, string>();
    for (const op of stream.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\]\s*TJ/g)) {
      if (op[1]) glyphs = fonts.get(op[1]) ?? new Map();
      else
        lines.push(
          [...op[2]!.matchAll(/<([0-9a-f]+)>/gi)]
            .map((h) => (h[1]!.match(/.{4}/g) ?? []).map((id) => glyphs.get(id.toLowerCase()) ?? '').join(''))
            .join(''),
        );
    }
  }
  return lines.join('\n');
}

/** The number of pages. */
export function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
}

function glyphMap(cmap: string): Map<string, string> {
  const glyphs = new Map<string, string>();
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
      const first = parseInt(m[1]!, 16);
      [...m[3]!.matchAll(/<([0-9a-f]+)>/gi)].forEach((u, i) => glyphs.set((first + i).toString(16).padStart(4, '0'), utf16(u[1]!)));
    }
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>/gi)) glyphs.set(m[1]!.toLowerCase().padStart(4, '0'), utf16(m[2]!));
  }
  return glyphs;
}

function pdfObjects(pdf: Buffer): Map<number, { dict: string; stream: string | null }> {
  const latin = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream: string | null }>();
  for (const m of latin.matchAll(/(\d+) 0 obj\s*/g)) {
    const start = m.index! + m[0].length;
    const end = latin.indexOf('endobj', start);
    const body = latin.slice(start, end);
    const at = body.search(/stream\r?\n/);
    if (at < 0) {
      objects.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, at);
    const dataStart = start + at + body.slice(at).match(/stream\r?\n/)![0].length;
    const raw = pdf.subarray(dataStart, latin.indexOf('endstream', dataStart));
    let stream: string | null;
    try {
      stream = (dict.includes('FlateDecode') ? inflateSync(raw) : raw).toString('latin1');
    } catch {
      stream = null; // not deflated text (a font program cut short): never text
    }
    objects.set(Number(m[1]), { dict, stream });
  }
  return objects;
}

const utf16 = (hex: string) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
