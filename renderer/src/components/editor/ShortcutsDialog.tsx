import { useStudio } from '../../app/studio-context';
import { SHORTCUT_HELP } from '../../keyboard/shortcuts';
import { Modal } from '../common/Modal';

export function ShortcutsDialog() {
  const studio = useStudio();
  return (
    <Modal title="Keyboard shortcuts" onClose={() => studio.ui.setState({ dialog: null })} width={460}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUT_HELP.map(([keys, what]) => (
            <tr key={what}>
              <td>
                {keys.map((k) => (
                  <span key={k} className="kbd">
                    {k}
                  </span>
                ))}
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
