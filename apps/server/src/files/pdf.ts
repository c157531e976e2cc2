import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyReply } from 'fastify';

/**
 * kefu's reports as PDF (the weekly brief, the monthly needs report, recall reports): a title, meta lines, then sections
 * of key figures, tables and lines of text. Chinese is set in Noto Sans SC, shipped by an npm package so a fresh
 * machine needs no system font; pdfkit embeds only the glyphs used, with a ToUnicode map so the text can be copied
 * and searched (docs/decisions/0015-report-files.md).
 */
export interface PdfReport {
  title: string;
  /** Lines under the title: the period, when it was made, for whom. */
  meta?: string[];
  sections: PdfSection[];
  /** Shown at the foot of every page beside the page number. */
  footer?: string;
}

/** A section's parts are drawn in this order: note, figures, table, lines. */
export interface PdfSection {
  heading: string;
  note?: string;
  figures?: PdfFigure[];
  table?: PdfTable;
  /** Paragraphs, each drawn as a bullet point. */
  lines?: string[];
}

export interface PdfFigure {
  label: string;
  value: string;
  /** Small text under the value: the change against the last period, the target. */
  note?: string;
  tone?: 'good' | 'bad' | 'neutral';
}

export interface PdfTable {
  columns: { title: string; align?: 'left' | 'right'; /** Share of the width, default 1. */ weight?: number }[];
  rows: string[][];
  /** Shown instead of an empty table. */
  empty?: string;
}

export const PDF_TYPE = 'application/pdf';

const FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';
const REGULAR = 'NotoSansSC';
const BOLD = 'NotoSansSC-Bold';

const INK = '#1f2329';
const MUTED = '#646a73';
const ACCENT = '#0f7b8a';
const RULE = '#dee0e3';
const STRIPE = '#f5f6f7';
const TONES = { good: '#2b8a3e', bad: '#c92a2a', neutral: MUTED } as const;

const MARGIN = 48;
const FIGURES_PER_ROW = 4;
const CELL_PAD = 5;
const TABLE_FONT = 9;

let fonts: { regular: Buffer; bold: Buffer } | undefined;

/** The font files are 10 MB each: read once per process, on the first PDF. */
function fontFiles() {
  if (!fonts) {
    const require = createRequire(import.meta.url);
    const file = (weight: string) => readFileSync(require.resolve(`${FONT_PACKAGE}/${weight}/NotoSansSC_${weight}.ttf`));
    fonts = { regular: file('400Regular'), bold: file('700Bold') };
  }
  return fonts;
}

/** Renders `report` as an A4 PDF. */
export async function pdfFile(report: PdfReport): Promise<Buffer> {
  const { regular, bold } = fontFiles();
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: report.title, Creator: 'kefu' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont(REGULAR, regular);
  doc.registerFont(BOLD, bold);

  drawTitle(doc, report);
  for (const section of report.sections) drawSection(doc, section);
  drawPageNumbers(doc, report.footer);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

type Doc = PDFKit.PDFDocument;

const contentWidth = (doc: Doc) => doc.page.width - 2 * MARGIN;
const pageBottom = (doc: Doc) => doc.page.height - MARGIN;

/** Starts a new page when fewer than `height` points are left on this one. */
function keepSpace(doc: Doc, height: number) {
  if (doc.y + height > pageBottom(doc)) doc.addPage();
}

function drawTitle(doc: Doc, report: PdfReport) {
  doc.font(BOLD).fontSize(20).fillColor(INK).text(report.title, MARGIN, MARGIN);
  doc.moveDown(0.3);
  doc.font(REGULAR).fontSize(10).fillColor(MUTED);
  for (const line of report.meta ?? []) doc.text(line);
  const y = doc.y + 6;
  doc
    .moveTo(MARGIN, y)
    .lineTo(MARGIN + contentWidth(doc), y)
    .lineWidth(1.5)
    .strokeColor(ACCENT)
    .stroke();
  doc.y = y + 10;
}

function drawSection(doc: Doc, section: PdfSection) {
  keepSpace(doc, 60);
  doc.moveDown(0.6);
  const top = doc.y;
  doc.rect(MARGIN, top + 2, 3, 14).fill(ACCENT);
  doc
    .font(BOLD)
    .fontSize(13)
    .fillColor(INK)
    .text(section.heading, MARGIN + 10, top, { width: contentWidth(doc) - 10 });
  doc.x = MARGIN;
  doc.moveDown(0.4);
  if (section.note) {
    doc
      .font(REGULAR)
      .fontSize(9)
      .fillColor(MUTED)
      .text(section.note, MARGIN, doc.y, { width: contentWidth(doc) });
    doc.moveDown(0.4);
  }
  if (section.figures?.length) drawFigures(doc, section.figures);
  if (section.table) drawTable(doc, section.table);
  if (section.lines?.length) drawLines(doc, section.lines);
}

function drawFigures(doc: Doc, figures: PdfFigure[]) {
  const gap = 8;
  const width = (contentWidth(doc) - gap * (FIGURES_PER_ROW - 1)) / FIGURES_PER_ROW;
  const height = 58;
  for (let i = 0; i < figures.length; i += FIGURES_PER_ROW) {
    keepSpace(doc, height + gap);
    const top = doc.y;
    figures.slice(i, i + FIGURES_PER_ROW).forEach((figure, j) => {
      const left = MARGIN + j * (width + gap);
      doc.roundedRect(left, top, width, height, 4).lineWidth(0.8).fillAndStroke(STRIPE, RULE);
      const inner = { width: width - 16, lineBreak: false, ellipsis: true };
      doc
        .font(REGULAR)
        .fontSize(8.5)
        .fillColor(MUTED)
        .text(figure.label, left + 8, top + 7, inner);
      doc
        .font(BOLD)
        .fontSize(16)
        .fillColor(INK)
        .text(figure.value, left + 8, top + 20, inner);
      if (figure.note) {
        doc
          .font(REGULAR)
          .fontSize(8)
          .fillColor(TONES[figure.tone ?? 'neutral'])
          .text(figure.note, left + 8, top + 42, inner);
      }
    });
    doc.x = MARGIN;
    doc.y = top + height + gap;
  }
}

function drawTable(doc: Doc, table: PdfTable) {
  if (!table.rows.length) {
    if (table.empty) drawLines(doc, [table.empty], false);
    return;
  }
  const total = table.columns.reduce((sum, c) => sum + (c.weight ?? 1), 0);
  const widths = table.columns.map((c) => (contentWidth(doc) * (c.weight ?? 1)) / total);
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(TABLE_FONT);
    return Math.max(...cells.map((cell, i) => doc.heightOfString(cell || ' ', { width: widths[i]! - 2 * CELL_PAD }))) + 2 * CELL_PAD;
  };
  const drawRow = (cells: string[], font: string, fill: string | null) => {
    const height = rowHeight(cells, font);
    const top = doc.y;
    if (fill) doc.rect(MARGIN, top, contentWidth(doc), height).fill(fill);
    let left = MARGIN;
    cells.forEach((cell, i) => {
      const column = table.columns[i]!;
      doc
        .font(font)
        .fontSize(TABLE_FONT)
        .fillColor(INK)
        .text(cell, left + CELL_PAD, top + CELL_PAD, { width: widths[i]! - 2 * CELL_PAD, align: column.align ?? 'left' });
      left += widths[i]!;
    });
    doc
      .moveTo(MARGIN, top + height)
      .lineTo(MARGIN + contentWidth(doc), top + height)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    doc.x = MARGIN;
    doc.y = top + height;
  };
  const header = table.columns.map((c) => c.title);
  const drawHeader = () => drawRow(header, BOLD, '#e8f3f4');
  keepSpace(doc, rowHeight(header, BOLD) + rowHeight(table.rows[0]!, REGULAR));
  drawHeader();
  table.rows.forEach((row, i) => {
    const height = rowHeight(row, REGULAR);
    if (doc.y + height > pageBottom(doc)) {
      doc.addPage();
      drawHeader(); // a table that runs over a page repeats its header
    }
    drawRow(row, REGULAR, i % 2 ? STRIPE : null);
  });
  doc.moveDown(0.6);
}

function drawLines(doc: Doc, lines: string[], bullet = true) {
  doc.font(REGULAR).fontSize(10).fillColor(INK);
  for (const line of lines) {
    keepSpace(doc, 16);
    doc.text(bullet ? `• ${line}` : line, MARGIN, doc.y, { width: contentWidth(doc), lineGap: 2 });
    doc.moveDown(0.25);
  }
}

function drawPageNumbers(doc: Doc, footer: string | undefined) {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit start a new page: lift the margin while the footer is drawn.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const text = `${footer ? `${footer}    ` : ''}第 ${i - start + 1} / ${count} 页`;
    doc
      .font(REGULAR)
      .fontSize(8)
      .fillColor(MUTED)
      .text(text, MARGIN, doc.page.height - MARGIN / 2 - 4, { width: contentWidth(doc), align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

/** Sends `file` as a PDF download named `fileName` (Chinese kept through RFC 5987 `filename*`). */
export function sendPdf(reply: FastifyReply, fileName: string, file: Buffer): Buffer {
  const name = fileName.endsWith('.pdf') ? fileName : `${fileName}.pdf`;
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  reply
    .header('content-type', PDF_TYPE)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('cache-control', 'no-store');
  return file;
}
