import { namesFor } from "../naming";
import type { ConfigProblem } from "./errors";
import { ruleMessage, type Config } from "./schema";

/**
 * Maximum length of a file input's name, `<environment>-file-<slug>`.
 */
// NOTE: MediaLive documents no maximum for input names (CreateInput takes
// the name as a plain string), so 128 is a chosen safe length. The name is
// also the input's Name tag, which AWS limits to 256 characters, and a part
// of the schedule action names that switch to the input.
export const MAX_FILE_INPUT_NAME_LENGTH = 128;

/**
 * Checks the rules on `media.fileInputs` that relate several entries or
 * other fields. The schema has already checked each key on its own.
 */
export function checkFileInputs(config: Config): ConfigProblem[] {
  const { fileInputs, channelClass } = config.media;
  if (fileInputs.length === 0) return [];
  const names = namesFor(config);
  const problems: ConfigProblem[] = [];

  // A STANDARD channel accepts only standard-class inputs, and a file input
  // is standard-class only with two source URLs. The AWS provider keeps an
  // input's sources in a set, so two equal URLs of one file become one.
  if (channelClass === "STANDARD") {
    problems.push({
      path: "media.fileInputs",
      value: fileInputs,
      message: ruleMessage(
        "must be empty for a STANDARD channel, which accepts only standard-class inputs, and a file input is standard-class only with two different source URLs",
        'set media.channelClass to "SINGLE_PIPELINE", or remove media.fileInputs',
      ),
    });
  }

  const firstIndexByKey = new Map<string, number>();
  const firstIndexByName = new Map<string, number>();
  fileInputs.forEach((key, index) => {
    const path = `media.fileInputs[${index}]`;
    const sameKey = firstIndexByKey.get(key);
    if (sameKey !== undefined) {
      problems.push({
        path,
        value: key,
        message: ruleMessage(
          `duplicates media.fileInputs[${sameKey}]`,
          "list each file once",
        ),
      });
      return;
    }
    firstIndexByKey.set(key, index);

    const name = names.fileInputName(key);
    if (name.length > MAX_FILE_INPUT_NAME_LENGTH) {
      const prefix = names.fileInputName("");
      problems.push({
        path,
        value: key,
        message: ruleMessage(
          `gives an input name of ${name.length} characters, "${prefix}" and the key's letters and digits joined by '-', ` +
            `over the ${MAX_FILE_INPUT_NAME_LENGTH} this project allows for a MediaLive input name`,
          `shorten the key so that its letters and digits, joined by '-', take at most ${MAX_FILE_INPUT_NAME_LENGTH - prefix.length} characters`,
        ),
      });
      return;
    }
    const sameName = firstIndexByName.get(name);
    if (sameName !== undefined) {
      problems.push({
        path,
        value: key,
        message: ruleMessage(
          `gives the same input name "${name}" as media.fileInputs[${sameName}], because input names keep only the key's letters and digits, in lowercase, with '-' between them`,
          "rename one of the files so that their names differ in letters or digits",
        ),
      });
      return;
    }
    firstIndexByName.set(name, index);
  });

  return problems;
}
