import Foundation
import TocsinCommands

exit(TocsinCommand.runMain())
