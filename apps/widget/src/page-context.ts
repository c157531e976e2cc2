// The shop page the shopper chats from: its address and title, and the product it shows when the page says so —
// `data-product` on the widget's script tag or on any element (`<div data-kefu-product='{"id":12,"name":"卫衣"}'>`,
// or just the id), or the `kefu('product', {id, name})` call for pages that change product without reloading.
import type { PageContext } from './protocol.ts';

export type DeclaredProduct = { id: number; name?: string };

/** A product declaration: a JSON object with a positive integer id, or a bare id; null for anything else. */
export function parseProduct(value: unknown): DeclaredProduct | null {
  let v = value;
  if (typeof v === 'string') {
    const text = v.trim();
    if (/^\d{1,10}$/.test(text)) v = Number(text);
    else {
      try {
        v = JSON.parse(text);
      } catch {
        return null;
      }
    }
  }
  if (typeof v === 'number') v = { id: v };
  if (!v || typeof v !== 'object') return null;
  const { id, name } = v as { id?: unknown; name?: unknown };
  const n = typeof id === 'string' ? Number(id) : id;
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0 || n > 2_147_483_647) return null;
  return { id: n, ...(typeof name === 'string' && name.trim() && { name: name.trim().slice(0, 200) }) };
}

/** Where the page is, for the server's contract (http(s) only, bounded lengths). */
export function pageContext(href: string, title: string, product: DeclaredProduct | null): PageContext | null {
  if (!/^https?:\/\//i.test(href)) return null;
  const t = title.trim().slice(0, 200);
  return {
    url: href.slice(0, 1000),
    ...(t && { title: t }),
    ...(product && { productId: product.id }),
    ...(product?.name && { productName: product.name }),
  };
}

/** The product the document declares (script tag first, then the first element with data-kefu-product). */
export function declaredProduct(doc: Document, script: HTMLScriptElement | null): DeclaredProduct | null {
  const fromScript = script?.dataset.product;
  if (fromScript) return parseProduct(fromScript);
  const el = doc.querySelector<HTMLElement>('[data-kefu-product]');
  return el ? parseProduct(el.dataset.kefuProduct) : null;
}
