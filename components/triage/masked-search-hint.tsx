/**
 * Shown in place of a search the viewer's role may not run (an address, when
 * addresses are masked for them): the table stays, and the hint says what
 * works instead.
 */
export function MaskedSearchHint({ id }: { id?: string }) {
  return (
    <p id={id} role="status" className="w-full rounded-md bg-amber-50 px-2.5 py-1.5 text-xs text-amber-900 ring-1 ring-inset ring-amber-200">
      Addresses are masked for your role, so this box finds account ids only. To find one customer by address, press{" "}
      <kbd className="rounded bg-white px-1 font-sans ring-1 ring-amber-300">Ctrl K</kbd> and type the whole address: you get
      the account, with the address still masked.
    </p>
  );
}
