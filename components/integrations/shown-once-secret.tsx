/** A webhook signing secret, on screen this once. */
export function ShownOnceSecret({ secret }: { secret: string }) {
  return (
    <div className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" role="status">
      <p className="font-medium">The signing secret, shown this once: give it to the receiver now.</p>
      <code className="mt-1 block break-all font-mono text-xs" data-testid="webhook-secret">
        {secret}
      </code>
    </div>
  );
}
