export function Logo({ className = "h-7 w-7" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden>
      <rect width="32" height="32" rx="8" fill="#2a55e0" />
      <path d="M16 6 8 9v6.5c0 5 3.4 9.3 8 10.5 4.6-1.2 8-5.5 8-10.5V9l-8-3Z" fill="#fff" opacity=".95" />
      <path
        d="m12 16 3 3 5-6"
        fill="none"
        stroke="#2a55e0"
        strokeWidth="2.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
