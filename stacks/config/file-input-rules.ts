import { namesFor } from "../naming";
import type { ConfigProblem } from "./errors";
import { ruleMessage, type Config } from "./schema";

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
        "must be empty for a STANDARD channel, because each file input would need two different source URLs to match the channel's two pipelines",
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
        message: ruleMessage(`duplicates media.fileInputs[${sameKey}]`, "list each file once"),
      });
      return;
    }
    firstIndexByKey.set(key, index);

    const name = names.fileInputName(key);
    const sameName = firstIndexByName.get(name);
    if (sameName !== undefined) {
      problems.push({
        path,
        value: key,
        message: ruleMessage(
          `gives the input name "${name}", like media.fileInputs[${sameName}] (names compare keys ignoring case, with every run of other characters than letters and digits read as '-')`,
          "rename one of the files so that their names differ in letters or digits",
        ),
      });
      return;
    }
    firstIndexByName.set(name, index);
  });

  return problems;
}
