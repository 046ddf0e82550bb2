/** frame.html as the CIM server answers it: the parent origin filled in, HTML-escaped. */
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function framePage(parentOrigin: string, script: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="cim-parent-origin" content="${escape(parentOrigin)}"><title>Payment details</title>
<script type="module" src="${escape(script)}"></script></head><body></body></html>`;
}

/** Fills the placeholder of the built dist/frame.html. */
export function fillFramePage(html: string, parentOrigin: string): string {
  return html.replace('__CIM_PARENT_ORIGIN__', escape(parentOrigin));
}
