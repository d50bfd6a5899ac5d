/** The script a new user can start from ("Try the example"). */
export const EXAMPLE_SCRIPT = `# Cold open
Host: Welcome back to Roundtable, the show where three people argue about one idea for half an hour.
Guest: And today the idea is that every long recording should be editable like a document.
[pause 600ms]
Host: Bold. Let's start with the basics. What goes wrong when you record a long episode?
Guest: Everything you can imagine. A cough in minute forty, a name said wrong, a laptop fan in the background.

# The argument
Producer: Which is why we script it, voice it, and fix single lines without re-recording the rest.
Host: So if I change one word, only that turn is rendered again?
Producer: Exactly. The other turns keep their takes, and the timeline tells you what is stale.
Guest: That sounds too good. What is the catch?
Producer: You still have to write a good script. The studio cannot do that part for you.
`;
