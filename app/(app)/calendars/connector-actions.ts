"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/actions/define";
import { saveConnectorConnection } from "@/lib/calendars/connections";
import { attachConnectorMailboxSchema, connectorIdSchema, createConnectorSchema } from "@/lib/calendars/schema";
import { createConnector, deleteConnector, renewPairingCode, revokeConnector } from "@/lib/connectors/service";

// Connectors are organisation infrastructure: owners and admins only (lib/connectors checks it again).

export interface IssuedPairingCode {
  code: string;
  expiresAt: string;
}

export const createConnectorAction = authedAction(
  { role: "admin", schema: createConnectorSchema },
  async ({ name }, user): Promise<IssuedPairingCode> => {
    const issued = await createConnector({ actor: user, name });
    revalidatePath("/calendars");
    return { code: issued.code, expiresAt: issued.expiresAt.toISOString() };
  },
);

export const renewPairingCodeAction = authedAction(
  { role: "admin", schema: connectorIdSchema },
  async ({ connectorId }, user): Promise<IssuedPairingCode> => {
    const issued = await renewPairingCode({ actor: user, connectorId });
    revalidatePath("/calendars");
    return { code: issued.code, expiresAt: issued.expiresAt.toISOString() };
  },
);

export const revokeConnectorAction = authedAction(
  { role: "admin", schema: connectorIdSchema },
  async ({ connectorId }, user) => {
    await revokeConnector({ actor: user, connectorId });
    revalidatePath("/calendars");
    return { ok: true, data: null, message: "Revoked. The connector stops at its next contact." };
  },
);

export const deleteConnectorAction = authedAction(
  { role: "admin", schema: connectorIdSchema },
  async ({ connectorId }, user) => {
    await deleteConnector({ actor: user, connectorId });
    revalidatePath("/calendars");
    return { ok: true, data: null, message: "Connector deleted." };
  },
);

export const attachConnectorMailboxAction = authedAction(
  { role: "admin", schema: attachConnectorMailboxSchema },
  async ({ connectorId, mailboxEmail, ownerUserId }, user) => {
    const saved = await saveConnectorConnection({ actor: user, connectorId, mailboxEmail, ownerUserId });
    if (!saved.ok) return { ok: false, code: "invalid_input", message: saved.message };
    revalidatePath("/calendars");
    return { ok: true, data: null, message: "Attached and tested through the connector." };
  },
);
