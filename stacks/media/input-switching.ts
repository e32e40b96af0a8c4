/**
 * Commands that switch the channel between its inputs through the channel
 * schedule (`aws medialive batch-update-schedule`).
 */

/**
 * Shell command substitution appended to each action name. MediaLive
 * rejects an action whose name is already in the channel's schedule, so
 * the UTC time of the call makes every switch a new name.
 */
export const ACTION_NAME_TIME_SUFFIX = "$(date -u +%Y%m%dT%H%M%SZ)";

/** Builds the `--creates` document of an immediate switch to one input attachment. */
export function immediateSwitchSchedule(
  attachmentName: string,
  actionName: string,
) {
  return {
    ScheduleActions: [
      {
        ActionName: actionName,
        ScheduleActionStartSettings: {
          ImmediateModeScheduleActionStartSettings: {},
        },
        ScheduleActionSettings: {
          InputSwitchSettings: { InputAttachmentNameReference: attachmentName },
        },
      },
    ],
  };
}

/**
 * Returns the AWS CLI command that switches a running channel to the given
 * input attachment at once. The document is in double quotes so that the
 * shell expands the time suffix of the action name. Attachment names hold
 * only letters, digits and '-', so they need no quoting.
 */
export function switchInputCommand(
  channelId: string,
  region: string,
  attachmentName: string,
): string {
  const schedule = immediateSwitchSchedule(
    attachmentName,
    `switch-to-${attachmentName}-${ACTION_NAME_TIME_SUFFIX}`,
  );
  const creates = JSON.stringify(schedule).replace(/"/g, '\\"');
  return `aws medialive batch-update-schedule --channel-id ${channelId} --region ${region} --creates "${creates}"`;
}
