export type ReportContacts = {
  controllerName: string | null;
  controllerContact: string | null;
  dpoName: string | null;
  dpoContact: string | null;
};

function Contact({ label, name, contact }: { label: string; name: string | null; contact: string | null }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      {name || contact ? (
        <dd className="whitespace-pre-line text-slate-900">
          {name ? <span className="block font-medium">{name}</span> : null}
          {contact ? <span className="block">{contact}</span> : null}
        </dd>
      ) : (
        <dd className="font-medium text-amber-800" data-missing>
          Not given yet
        </dd>
      )}
    </div>
  );
}

/** Who the controller is and where the authority learns more: GDPR Art. 33(3)(b), set per incident. */
export function ReportContactsBlock({ contacts }: { contacts: ReportContacts }) {
  return (
    <dl
      aria-label="Controller and contact point"
      className="mt-5 grid gap-4 rounded-md border border-slate-200 px-4 py-3 text-sm sm:grid-cols-2 print:grid-cols-2"
    >
      <Contact label="Controller" name={contacts.controllerName} contact={contacts.controllerContact} />
      <Contact
        label="Data protection officer or contact point (Art. 33(3)(b))"
        name={contacts.dpoName}
        contact={contacts.dpoContact}
      />
    </dl>
  );
}
