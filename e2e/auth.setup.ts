import { expect, test as setup } from "@playwright/test";
import { DEMO_INCIDENT, DEMO_USERS, signIn, storageState, type DemoRole } from "./fixtures";

// Each role signs in once; the specs reuse the stored session.
const LANDING: Record<DemoRole, RegExp> = {
  admin: /\/incidents$/,
  security_analyst: new RegExp(`/incidents/${DEMO_INCIDENT}$`),
  support_agent: new RegExp(`/incidents/${DEMO_INCIDENT}$`),
  manager: new RegExp(`/incidents/${DEMO_INCIDENT}$`),
};

for (const role of Object.keys(DEMO_USERS) as DemoRole[]) {
  setup(`sign in as ${role} and land where the role should`, async ({ page }) => {
    await signIn(page, DEMO_USERS[role].email, DEMO_USERS[role].password, DEMO_USERS[role].totpSecret);
    await expect(page).toHaveURL(LANDING[role]);
    await expect(page.getByTestId("current-role")).toBeVisible();
    await page.context().storageState({ path: storageState(role, setup.info().project.name) });
  });
}
