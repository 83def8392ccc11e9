/** Matching rules added for issue 4, on plain strings against the shipped example dataset. */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { analyzeDraft, type Dataset } from '../../server/src/core';
import { DatasetFolder } from '../../server/src/workspace/datasets';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'belarus-2025');
let dataset: Dataset;

function flagged(text: string): string[] {
  const analysis = analyzeDraft(text, dataset, { language: 'markdown' });
  return analysis.findings.filter((f) => f.code === 'figure-mismatch').map((f) => text.slice(f.start, f.end));
}

function factOf(text: string, figure: string): string | undefined {
  const analysis = analyzeDraft(text, dataset, { language: 'markdown' });
  const at = text.indexOf(figure);
  return analysis.checks.find((c) => c.figure.start <= at && c.figure.end > at && c.status !== 'unchecked')?.fact?.id;
}

describe('matching figures to facts (example dataset)', () => {
  before(async () => {
    dataset = (await new DatasetFolder(EXAMPLE).reload()).dataset;
  });

  it('keeps a signal that stands with the figure inside a reference phrase', () => {
    assert.deepEqual(flagged('After 132 people were freed, Viasna still counted more than 1,200.'), ['132']);
    assert.deepEqual(flagged('BABARYKA: ARRESTED 2 MONTHS BEFORE 2021 VOTE'), ['2021']);
    assert.deepEqual(flagged('Kalesnikava was arrested a day after the 2020 election.'), [], 'the figure measures from the event it names');
  });

  it('never sets a figure against the fact of a person the sentence names only after it', () => {
    const text = 'Eduard Babaryka is still held. Eduard Babaryka was jailed for a decade and Bialiatski for ten years.';
    assert.equal(factOf(text, 'a decade'), undefined, 'not Bialiatski\'s ten years');
    assert.equal(factOf(text, 'ten years'), 'bialiatski-sentence');
    assert.deepEqual(flagged('Kalesnikava was given 12 years and Bialiatski ten.'), ['12 years']);
  });

  it('takes an attributive age to describe the person named right after it', () => {
    assert.deepEqual(flagged('This time 123 were released, including the 61-year-old Viktar Babaryka and Kalesnikava, now 43.'), ['61-year-old']);
    assert.deepEqual(flagged('The 61-year-old former banker Viktar Babaryka was freed with Kalesnikava.'), ['61-year-old']);
    assert.deepEqual(flagged('The 62-year-old Viktar Babaryka and Kalesnikava, 43, were freed.'), []);
  });

  it('reads a line that opens on a participle as about the person whose name opened the lines before', () => {
    const timeline = 'Maria Kalesnikava in dates:\n\n| Date | Event |\n|---|---|\n| 6 September 2021 | Sentenced to 12 years |';
    assert.deepEqual(flagged(timeline), ['12 years']);
    assert.deepEqual(flagged(timeline.replace('12 years', '11 years')), []);
    const note = 'Maria Kalesnikava, 43. Coordinated Babaryka\'s campaign in 2020. Sentenced in 2021 to 12 years.';
    assert.deepEqual(flagged(note), ['12 years'], 'a line on a participle is read past');
    assert.deepEqual(flagged('Maria Kalesnikava, 43. The campaign of Viktar Babaryka hired her. Sentenced in 2021 to 12 years.'), [], 'someone else named since');
    assert.deepEqual(flagged('Maria Kalesnikava, 43. Babaryka hired her. Sentenced in 2021 to 12 years.'), [], 'a name that could be two people');
  });

  it('reads a table row whose key names what only one fact counts as that count', () => {
    const row = '| Measure | Figure | Note |\n|---|---:|---|\n| Ukrainian citizens among those freed | 6 | also nationals of 4 other countries |';
    assert.deepEqual(flagged(row), ['6']);
    assert.equal(factOf(row.replace('| 6 |', '| 5 |'), '5'), 'release-ukrainian-citizens');
  });

  it('compares the time between two events only where the sentence names both, a year as a slip for a month', () => {
    assert.deepEqual(flagged('Viktar Babaryka was arrested two years before the vote and later sentenced to 14 years.'), ['two years']);
    assert.deepEqual(flagged('Kalesnikava was arrested a year after the election.'), ['a year']);
    assert.deepEqual(flagged('Kalesnikava was sentenced two months after the election.'), [], 'a sentence is no arrest');
    assert.deepEqual(flagged('Kalesnikava was freed five years after the election.'), []);
    assert.deepEqual(flagged('Kalesnikava was detained a month after the election.'), []);
  });

  it('reads a bare number that a person is as an age', () => {
    assert.deepEqual(flagged('Ales Bialiatski is 65.'), ['65']);
    assert.deepEqual(flagged('Ales Bialiatski was freed. He\'s sixty-five, he founded Viasna.'), ['sixty-five']);
    assert.deepEqual(flagged('Ales Bialiatski was freed. He’s 63.'), []);
    assert.deepEqual(flagged('Ales Bialiatski was 14 when he first joined a protest.'), [], 'an age at another time');
  });

  it('reads a name in emphasis before its age as the person the age is of', () => {
    assert.deepEqual(flagged('- **Maria Kalesnikava**, 44. Coordinator of the campaign.'), ['44']);
  });

  it('reads a verb and its particle around an object pronoun', () => {
    assert.deepEqual(flagged('Ales Bialiatski was in prison. On Thursday, the state let him go.'), ['Thursday']);
    assert.deepEqual(flagged('Ales Bialiatski was in prison. On Thursday, the state let him speak.'), []);
  });

  it('takes no evidence from a destination that is negated or a habit', () => {
    assert.deepEqual(flagged('Most of the freed, 104 persons, were taken out to Ukraine, and only 9 to Lithuania.'), ['104']);
    assert.deepEqual(flagged('Lukashenko has usually sent freed opponents to Lithuania, but this time 104 of the released prisoners were driven into Ukraine.'), ['104']);
    assert.deepEqual(flagged('Instead of being put across the border into Lithuania, one hundred and four of them were driven into Ukraine.'), ['one hundred and four']);
  });

  it('counts a named person with "N others", and never reports the sum', () => {
    assert.deepEqual(flagged('Ales Bialiatski and eight others reach Vilnius.'), []);
    assert.equal(factOf('Ales Bialiatski and eight others reach Vilnius.', 'eight'), 'release-taken-to-vilnius');
    assert.deepEqual(flagged('Ales Bialiatski and seven others reach Vilnius.'), [], 'a disagreement would need a fix of the count less one');
  });

  it('checks "the remaining N of the M" as itself, and "seven of the 123" as a part', () => {
    assert.deepEqual(flagged('Kalesnikava and 113 others crossed the border; the remaining 19 of the 123, Bialiatski among them, were taken to Vilnius.'), ['19']);
    assert.deepEqual(flagged('Only twelve of the 123 went to Lithuania.'), ['twelve']);
    // The sources only bound the Vilnius group (114 of 123 went to Ukraine): seven fits "at most 9".
    assert.deepEqual(flagged('Only seven of the 123 went to Lithuania.'), []);
    assert.deepEqual(flagged('All but a dozen of those freed were dumped in Ukraine.'), ['a dozen']);
  });

  it('compares "put it at N" with the fact of the figure it restates', () => {
    assert.deepEqual(flagged('Kalesnikava spent 1,808 days in detention, close to half a decade. Some outlets put it at 1.9K days.'), ['1.9K days']);
    assert.deepEqual(flagged('Kalesnikava spent 1,808 days in detention. Some outlets put it at 1.8K days.'), []);
    assert.deepEqual(flagged('Kalesnikava spent 1,808 days in detention.\n\nSome outlets put it at 1.9K days.'), [], 'a new paragraph breaks the reference');
    assert.deepEqual(flagged('Kalesnikava spent 1,808 days in detention. Some outlets put it at 19 years.'), [], 'another kind of figure is not a restatement');
  });

  it('does not report a far-off signal about something else while a person of the sentence has a fact of that kind', () => {
    assert.deepEqual(flagged('Maksim Znak had been given ten years in 2021 for his part in the Babaryka campaign.'), []);
    assert.deepEqual(flagged('Bialiatski, who founded Viasna, shared the Nobel Peace Prize in 2021 while in custody.'), ['2021'], 'close evidence still counts');
  });

  it('takes no evidence from a negated verb, an attribution, or a figure\'s own hedge words', () => {
    assert.deepEqual(flagged('Ales Bialiatski has reached Vilnius, together with the other eight who were not sent to Ukraine.'), []);
    assert.deepEqual(flagged('Between 110 and 120 of the freed, by early counts, were taken to Ukraine.'), []);
    assert.deepEqual(flagged('Viasna counts 1,100 political prisoners still behind bars.'), ['1,100'], 'the same word as a verb of the clause is evidence');
    assert.deepEqual(flagged("Viasna's list of political prisoners peaked at close to 1,500 in 2023; it still stands at more than 1,200."), [], '"close to" is no "closed"; "1,500 in 2023" is no ratio');
  });

  it('leaves a figure alone when its clause goes on to name someone else than the inferred subject', () => {
    assert.deepEqual(flagged("Correction: an earlier post gave Kalesnikava's sentence wrongly. She was serving 11 years; the 14-year term was Babaryka's."), []);
    assert.deepEqual(flagged("Correction: an earlier post gave Kalesnikava's sentence wrongly. She was serving 11 years; she got 14 years in all."), ['14 years']);
  });

  it('reads "at 69" as an age, and "two years later" as the time between two events', () => {
    assert.deepEqual(flagged('Mikalai Statkevich, who refused deportation then, is back behind bars at 69.'), []);
    assert.deepEqual(flagged('Kalesnikava walked free at 45.'), ['45']);
    assert.deepEqual(flagged('Bialiatski, 63, was detained in 2021 and sentenced two years later to a decade in prison.'), []);
    assert.deepEqual(flagged('Kalesnikava was arrested two months after the election.'), ['two months']);
  });

  it('leaves alone the old figure a correction quotes, and checks the new one', () => {
    assert.deepEqual(flagged('We said Ales Bialiatski received the Nobel Peace Prize in 2023.'), []);
    assert.deepEqual(flagged('Ales Bialiatski received the Nobel Peace Prize in 2023.'), ['2023']);
    assert.deepEqual(flagged('A caption said Babaryka was detained two weeks before the 2020 election.'), []);
    assert.deepEqual(flagged("Viasna's count of those still held is more than 1,200, not 12,000 as a chart label said."), []);
    assert.deepEqual(flagged('We also gave her time in custody as\n1,880 days.'), [], 'a paragraph wrapped over lines is one clause');
    assert.deepEqual(flagged('Viasna said 1,100 political prisoners are still held.'), ['1,100'], "a source's words are a claim");
  });

  it('tells a father from his son by a descriptor or by "the father"', () => {
    const family = 'Viktar Babaryka was freed; his son Eduard Babaryka was not. ';
    assert.deepEqual(flagged(`${family}The elder Babaryka had been given 16 years.`), ['16 years']);
    assert.deepEqual(flagged(`${family}The court gave Babariko-senior 16 years.`), ['16 years']);
    assert.deepEqual(flagged(`${family}The younger Babaryka had been given 8 years.`), [], 'the son has no sentence in the dataset');
    assert.deepEqual(flagged(`${family}A court later found the father guilty and handed him a 15-year sentence.`), ['15-year']);
    assert.deepEqual(flagged(`${family}A court later found the son guilty and handed him an 8-year sentence.`), []);
  });

  it('sets aside a term asked for, and an age at another time', () => {
    assert.deepEqual(flagged('For Viktar Babaryka the prosecution wanted 15 years; the court gave him 14.'), []);
    assert.deepEqual(flagged('For Viktar Babaryka the court gave him 15 years.'), ['15 years']);
    assert.deepEqual(flagged('Prosecutors sought twelve years for Ales Bialiatski, and the court handed down nine.'), ['nine'], 'the term handed down after the one asked for');
    assert.deepEqual(flagged('Viktar Babaryka, who was 56 at the time of his arrest, was freed.'), []);
    assert.deepEqual(flagged('Viktar Babaryka, who is 56, was freed.'), ['56']);
  });

  it('sets aside a count of those something did not happen to', () => {
    assert.deepEqual(flagged('The nine or so freed prisoners who were not sent to Ukraine were driven to Vilnius instead.'), [], 'nine is not the whole release');
    assert.deepEqual(flagged('The 104 freed prisoners who were sent to Ukraine went on to Vilnius.'), ['104']);
  });

  it('takes a year for an organisation\'s fact only when the organisation is named near it', () => {
    assert.deepEqual(flagged('Belaruskali is the state potash company. The US sanctions on the company, imposed in 2020, were eased.'), ['2020']);
    assert.deepEqual(flagged('The US sanctions on the company, imposed in 2020, were eased.'), []);
    assert.deepEqual(flagged('Ales Bialiatski is serving ten years imposed in 2021.'), [], 'the sanctions are not named; the year is not theirs');
  });

  it('takes a capitalised nationality after a count for the fact that alone counts it', () => {
    const thread = 'Also out: Maksim Znak, Pavel Seviarynets, 6 Ukrainians + people from Japan & the US.';
    assert.equal(factOf(thread, '6'), 'release-ukrainian-citizens');
    assert.deepEqual(flagged(thread), ['6']);
    assert.notEqual(factOf('Also out: Maksim Znak, Pavel Seviarynets, 6 people from Japan & the US.', '6'), 'release-ukrainian-citizens');
  });

  it('reads a list headed "Earlier releases …:" as about those releases', () => {
    assert.deepEqual(flagged('Earlier releases this year: June (14 freed), September (52 freed).'), []);
    assert.deepEqual(flagged('This release: 14 freed.'), ['14']);
  });

  it('compares a fact dated before the story only with a sentence that names its year', () => {
    // protests-years-after is a 2023 headline ("Three years after mass protests …").
    assert.deepEqual(flagged('Five years after the 2020 protests, Lukashenko still fears the streets.'), []);
    assert.deepEqual(flagged('In 2023, five years after mass protests rocked Belarus, exiled Belarusians still feared him.'), ['five years']);
  });

  it('reads each table row as its own sentence, and a cell\'s words as the figure\'s own only', () => {
    const timeline = 'Maria Kalesnikava in dates:\n\n| Date | Event |\n|---|---|\n| 6 September 2021 | Sentenced to 11 years |\n| 2023 | Her family hears nothing from her for months |';
    assert.deepEqual(flagged(timeline), [], '2023 is not the year of the sentence in the row above');
    assert.deepEqual(flagged(timeline.replace('| 6 September 2021 | Sentenced', '| 2022 | Kalesnikava is sentenced')), ['2022'], 'a row is checked on its own');
    const table = '| Measure | Figure | Note |\n|---|---:|---|\n| Sent to Ukraine | 114 | Kalesnikava "and 113 others" |';
    assert.equal(factOf(table, '114'), 'release-sent-to-ukraine');
    assert.deepEqual(flagged(table.replace('114', '115')), ['115']);
  });

  it('compares a duration in a much smaller unit with nothing ("1 hour" is no slip for "the day after")', () => {
    assert.deepEqual(flagged('Reporters at the press conference agreed to a 1 hour delay before publishing.'), []);
    assert.deepEqual(flagged('The press conference came two days after their release.'), ['two days']);
  });

  it('does not count a numbered item ("Claim 4")', () => {
    assert.deepEqual(flagged('This column was updated to add Claim 7 about the prisoners.'), []);
    assert.deepEqual(flagged('Claim 4: the prisoners were freed.'), []);
  });

  it('counts "with N other prisoners" as N and one', () => {
    assert.deepEqual(flagged('Kalesnikava was freed with 122 other prisoners.'), []);
    assert.equal(factOf('Kalesnikava was freed with 122 other prisoners.', '122'), 'release-count');
    assert.deepEqual(flagged('Kalesnikava was freed with 130 other prisoners.'), [], 'the fix would have to write the count less one');
  });

  it('dates a relative clause by the noun it hangs on, for undated counts too', () => {
    assert.deepEqual(flagged('The swap of August 1, 2024, which freed about two dozen people, sent convicted spies home.'), []);
    assert.deepEqual(flagged('The swap of December 13, 2025, which freed about two dozen people, sent convicted spies home.'), ['about two dozen']);
  });

  it('reads "114 of 123" as a part and its whole', () => {
    assert.deepEqual(flagged('Meduza says 114 of 123 went to Ukraine.'), []);
    assert.deepEqual(flagged('Meduza says 115 of 123 went to Ukraine.'), ['115']);
    assert.deepEqual(flagged('114 of the 123 were driven into Ukraine.'), [], 'what the part did is not said of the group');
    assert.deepEqual(flagged('114 of the 130 prisoners released on Saturday were driven into Ukraine.'), ['130'], 'the group\'s own words point at the group\'s fact');
  });

  it('reads an age written after a name with a dash or an aside in brackets', () => {
    assert.deepEqual(flagged('Ales Bialiatski (sp? Bialiatsky) 63 - got the Nobel while in jail.'), [], 'a question in brackets ends no sentence');
    assert.deepEqual(flagged('Ales Bialiatski 64 - got the Nobel while in jail.'), ['64']);
    assert.deepEqual(flagged('Ales Bialiatski (the Viasna founder), 64, got the Nobel.'), ['64']);
  });

  it('checks a vague amount, an age given as "now 64", and a count of "ppl"', () => {
    assert.deepEqual(flagged('Viasna says only a few hundred political prisoners remain behind bars.'), ['a few hundred']);
    assert.deepEqual(flagged('Viasna says more than a thousand political prisoners remain behind bars.'), []);
    assert.deepEqual(flagged('The Nobel laureate Ales Bialiatski, now 64, won the prize.'), ['64']);
    assert.deepEqual(flagged('The Nobel laureate Ales Bialiatski, now 63, won the prize.'), []);
    assert.deepEqual(flagged('Most of them - 141 ppl - were sent to Ukraine.'), ['141']);
  });

  it('sets aside a year that ends a period, and a period the draft dates itself', () => {
    assert.deepEqual(flagged('Until 2022, Belaruskali sold its potash through the port of Klaipeda despite the sanctions.'), []);
    assert.deepEqual(flagged('Ales Bialiatski had served nearly three years from 2011 on a tax conviction.'), []);
    assert.deepEqual(flagged('Ales Bialiatski is serving three years.'), ['three years']);
  });

  it('checks halves and ordinal days, and leaves alone a part of a term', () => {
    assert.deepEqual(flagged('Viktar Babaryka was detained two and a half months before the vote.'), ['two and a half months']);
    assert.deepEqual(flagged('Kalesnikava spoke to reporters on the second day after their release.'), []);
    assert.deepEqual(flagged('Kalesnikava spoke to reporters on the fourth day after their release.'), ['fourth day']);
    const [finding] = analyzeDraft('Kalesnikava spoke to reporters on the fourth day after their release.', dataset, { language: 'markdown' }).findings;
    assert.equal(finding.fixes[0].edits[0].newText, 'first', 'an ordinal is fixed as an ordinal');
    assert.deepEqual(flagged('Babaryka had served five and a half years of his fourteen-year term.'), []);
    assert.deepEqual(flagged('Ales Bialiatski was detained for the third time in prison.'), [], 'no fact counts times');
  });

  it('reads "half of the 123" as a part, and "nearly all of the 123" as the whole', () => {
    assert.deepEqual(flagged('Half of the 123 were driven into Ukraine.'), ['Half']);
    assert.deepEqual(flagged('More than half of the 123 were driven into Ukraine.'), []);
    assert.deepEqual(flagged('Nearly all of the 123 were driven into Ukraine.'), [], '123 is the group, not those sent to Ukraine');
  });

  it('ends a reference phrase at "and", and takes no date from "the freed prisoners"', () => {
    assert.deepEqual(flagged('Maria Kalesnikava was picked up a month after the election and jailed in 2021.'), []);
    assert.deepEqual(flagged('Maria Kalesnikava was picked up a month after the election and jailed in 2022.'), ['2022']);
    assert.deepEqual(flagged('On Sunday, four of the freed prisoners met reporters in Chernihiv.'), [], 'Sunday is not the day of the release');
    assert.deepEqual(flagged('On Sunday the prisoners were freed.'), ['Sunday']);
  });

  it('leaves a signal beyond another figure of the same shape to that figure', () => {
    assert.deepEqual(flagged('# 123 out, more than 1,200 still inside'), []);
    assert.deepEqual(flagged('Belarus freed 123 prisoners, 114 of them to Ukraine.'), [], '114 is not the number freed');
    assert.deepEqual(flagged('Maxim Znak received a decade in 2021, Marina Zolotova 11.5 years.'), ['11.5 years'], 'a name after the other figure shares the verb');
  });

  it('does not take a companion for the subject, nor an unnamed organisation\'s year for the one meant', () => {
    assert.deepEqual(flagged('Sentenced alongside Ales Bialiatski in 2023 to 7 years.'), []);
    assert.deepEqual(flagged('Washington\'s potash sanctions dated from 2021; Ukraine has been at war since 2022.'), []);
  });

  it('does not take a comparison with another person for the subject', () => {
    const text = 'Maria Kolesnikova was sentenced in 2021. She received 12 years, the same term as Tut.by editor Marina Zolotova, who got 12.';
    assert.deepEqual(flagged(text), ['12 years']);
  });

  it('reads fact-box rows by their person and column, and timeline entries by their date', () => {
    const box = '**The best-known names** (age · sentence · year of sentence)\n\n- Viktar Babaryka: 61 · 14 years · not reported\n- Maksim Znak: not reported · 12 years · 2021\n- Ales Bialiatski: 63 · 10 years · 2023';
    assert.deepEqual(flagged(box), ['61', '12 years']);
    assert.equal(factOf(box, '61'), 'babaryka-age');
    assert.deepEqual(flagged('- **December 15, 2025** — Babaryka, Kalesnikava, Aliaksandr Fiaduta and Uladzimir Labkovich speak to reporters at a hospital in the Chernihiv region.'), ['December 15, 2025']);
    assert.deepEqual(flagged('On December 15, 2025, Babaryka, Kalesnikava, Aliaksandr Fiaduta and Uladzimir Labkovich speak to reporters at a hospital in the Chernihiv region.'), [], 'in running prose the signal is too far');
  });

  it('checks spoken years and ages in decades', () => {
    assert.deepEqual(flagged('The American sanctions on Belaruskali had been in force since twenty nineteen.'), ['twenty nineteen']);
    assert.deepEqual(flagged('Viktar Babaryka, in his seventies, was freed.'), ['in his seventies']);
    assert.deepEqual(flagged('Viktar Babaryka, in his early sixties, was freed.'), []);
  });
});
