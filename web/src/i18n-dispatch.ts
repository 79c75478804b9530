// The words of the dispatcher's, the liaisons' and the supervisor's incident work (history, keys, closing help).
export const DISPATCH_ID = {
  'event.assignment.withdrawn': 'Permintaan ditarik',
};

export const DISPATCH_EN: Record<keyof typeof DISPATCH_ID, string> = {
  'event.assignment.withdrawn': 'Request withdrawn',
};
