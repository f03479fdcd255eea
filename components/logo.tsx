export function Logo({ className }: { className?: string }) {
  return (
    <span className={className}>
      <svg viewBox="0 0 24 24" aria-hidden="true" className="mr-1.5 inline-block h-6 w-6 align-[-5px] text-brand-600">
        <rect x="3" y="5" width="18" height="16" rx="3" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="M3 10h18M8 3v4M16 3v4M8 15h3" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <span className="font-semibold tracking-tight">Slotbridge</span>
    </span>
  );
}
