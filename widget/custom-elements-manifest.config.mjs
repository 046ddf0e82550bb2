/**
 * `pnpm manifest`: custom-elements.json from the class JSDoc. The analyzer also lists every
 * `dispatchEvent(new X(detail))` it sees, naming the event after the argument ("detail") or
 * nothing, and the class's #private members and fields it merely assigns (innerHTML, adoptedStyleSheets); only the documented public API is kept.
 */
export default {
  globs: ['src/cim-checkout.ts', 'src/define.ts', 'src/events/*.ts'],
  plugins: [
    {
      name: 'cim-public-api-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((e) => e.name?.startsWith('cim-') && e.description);
            if (declaration.members) declaration.members = declaration.members.filter((m) => !m.name.startsWith('#') && m.privacy !== 'private' && m.description);
          }
        }
      },
    },
  ],
};
