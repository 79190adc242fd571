/** A reference page of the invite in the Graph docs layout: an annotated request, then its annotated 200 response. */
export function invitePage(target: string, location: string, operation: string): string {
  return [
    '# participant: invite',
    '<!-- { "blockType": "request", "name": "invite" } -->',
    '```http',
    `POST ${target}`,
    'Content-Type: application/json',
    '',
    '{"participants":[{"identity":{"user":{"id":"u1"}}}],"clientContext":"c"}',
    '```',
    '<!-- { "blockType": "response", "@odata.type": "microsoft.graph.inviteParticipantsOperation" } -->',
    '```http',
    'HTTP/1.1 200 OK',
    'Content-Type: application/json',
    `Location: ${location}`,
    '',
    operation,
    '```',
    '',
  ].join('\n');
}
